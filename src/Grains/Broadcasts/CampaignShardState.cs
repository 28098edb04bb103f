namespace Vimercate.Broadcasts;

/// <summary>The persistent state of a <see cref="CampaignShardGrain"/>: where the walk is and every reached recipient's status.</summary>
[GenerateSerializer, Alias("vimercate.CampaignShardState")]
public sealed class CampaignShardState
{
    /// <summary>The campaign's message and priority; null until the campaign kicked the shard.</summary>
    [Id(0)]
    public ShardAssignment? Assignment { get; set; }

    /// <summary>The last number the walk reached (numbers ascend; 0 is before every number).</summary>
    [Id(1)]
    public ulong Cursor { get; set; }

    /// <summary>Every recipient the walk reached, ascending (a list: each batch appends without copying the rest).</summary>
    [Id(2)]
    public List<ulong> Recipients { get; set; } = [];

    /// <summary>One <see cref="RecipientStatus"/> per entry of <see cref="Recipients"/>.</summary>
    [Id(3)]
    public List<byte> Statuses { get; set; } = [];

    /// <summary>The walk found no member after the cursor.</summary>
    [Id(4)]
    public bool WalkDone { get; set; }

    /// <summary>The campaign was cancelled or failed.</summary>
    [Id(5)]
    public bool Stopped { get; set; }

    /// <summary>The walk is over and no recipient is pending.</summary>
    [Id(6)]
    public bool Finished { get; set; }

    /// <summary>Grows with every write; orders the shard's reports across activations.</summary>
    [Id(7)]
    public long Version { get; set; }
}
