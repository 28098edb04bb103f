using Vimercate.Abstractions;

namespace Vimercate.Broadcasts;

/// <summary>The newest report of one shard.</summary>
/// <param name="Sequence">The report's sequence; an older one never overrides it.</param>
/// <param name="Counts">The shard's cumulative counts.</param>
/// <param name="Finished">Nothing of the shard is pending and its walk is over.</param>
[GenerateSerializer, Immutable, Alias("vimercate.ShardProgress")]
public sealed record ShardProgress(
    [property: Id(0)] long Sequence,
    [property: Id(1)] CampaignCounts Counts,
    [property: Id(2)] bool Finished);

/// <summary>The persistent state of a <see cref="BroadcastGrain"/>.</summary>
[GenerateSerializer, Alias("vimercate.BroadcastState")]
public sealed class BroadcastState
{
    /// <summary>The campaign as the press office asked for it; null when no campaign has this id.</summary>
    [Id(0)]
    public CampaignDraft? Draft { get; set; }

    /// <summary>When the campaign was created.</summary>
    [Id(1)]
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The ISO week whose quota holds the campaign's slot.</summary>
    [Id(2)]
    public string QuotaWeek { get; set; } = "";

    /// <summary>Where the campaign is in its life.</summary>
    [Id(3)]
    public CampaignStatus Status { get; set; }

    /// <summary>When sending started.</summary>
    [Id(4)]
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>When the last pending recipient was resolved.</summary>
    [Id(5)]
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>When the campaign is expected to finish, from its audience, the rate and the daily limit.</summary>
    [Id(6)]
    public DateTimeOffset? EstimatedCompletionAt { get; set; }

    /// <summary>The audience size the estimate was made for.</summary>
    [Id(7)]
    public int AudienceEstimate { get; set; }

    /// <summary>Some shard was allowed to send: the quota slot is used for good.</summary>
    [Id(8)]
    public bool MessagesMayHaveLeft { get; set; }

    /// <summary>The campaign was cancelled before any message left and its slot is still to be given back.</summary>
    [Id(9)]
    public bool ReleasePending { get; set; }

    /// <summary>Who cancelled the campaign.</summary>
    [Id(10)]
    public string? CancelledBy { get; set; }

    /// <summary>Why WhatsApp made the campaign fail.</summary>
    [Id(11)]
    public string? FailureReason { get; set; }

    /// <summary>What every recipient receives, fixed when sending starts.</summary>
    [Id(12)]
    public CampaignMessage? Message { get; set; }

    /// <summary>The newest report of each audience shard, from the start of sending.</summary>
    [Id(13)]
    public Dictionary<int, ShardProgress> Shards { get; set; } = [];

    /// <summary>Shard reports may have been taken after this write: a new activation asks every shard to report again.</summary>
    [Id(14)]
    public bool ProgressUnsaved { get; set; }
}
