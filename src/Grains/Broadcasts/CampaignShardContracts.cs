using Vimercate.Abstractions;
using Vimercate.Throughput;

namespace Vimercate.Broadcasts;

/// <summary>One recipient's current status in a campaign; it only moves forward (sent &lt; delivered &lt; read), failed is final.</summary>
public enum RecipientStatus : byte
{
    /// <summary>Not handed to WhatsApp yet (or to be retried).</summary>
    Pending = 0,

    /// <summary>WhatsApp accepted or sent the message.</summary>
    Sent = 1,

    /// <summary>The message reached the phone.</summary>
    Delivered = 2,

    /// <summary>The citizen opened it.</summary>
    Read = 3,

    /// <summary>WhatsApp will not deliver it.</summary>
    Failed = 4,
}

/// <summary>What a shard needs to send its part of a campaign.</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="Shard">The audience shard this part walks.</param>
/// <param name="Message">What every recipient receives.</param>
/// <param name="Priority">Emergency campaigns go before news and weather.</param>
/// <param name="ExpectedAudience">The shard's size when the campaign started: the pending count until the walk ends.</param>
[GenerateSerializer, Immutable, Alias("vimercate.ShardAssignment")]
public sealed record ShardAssignment(
    [property: Id(0)] string CampaignId,
    [property: Id(1)] int Shard,
    [property: Id(2)] CampaignMessage Message,
    [property: Id(3)] SendPriority Priority,
    [property: Id(4)] int ExpectedAudience);

/// <summary>A shard's cumulative counts, sent to its campaign once per batch.</summary>
/// <param name="Shard">The audience shard.</param>
/// <param name="Sequence">Grows with every report of the shard; an older report never overrides a newer one.</param>
/// <param name="Counts">The shard's counts so far (absolute, not a delta).</param>
/// <param name="WillSend">The shard is about to hand a batch to WhatsApp.</param>
/// <param name="Finished">No recipient of the shard is pending and the walk is over.</param>
/// <param name="HaltReason">Set when WhatsApp refused the account: the campaign fails.</param>
[GenerateSerializer, Immutable, Alias("vimercate.ShardReport")]
public sealed record ShardReport(
    [property: Id(0)] int Shard,
    [property: Id(1)] long Sequence,
    [property: Id(2)] CampaignCounts Counts,
    [property: Id(3)] bool WillSend,
    [property: Id(4)] bool Finished,
    [property: Id(5)] string? HaltReason);

/// <summary>The campaign's answer to a shard's report.</summary>
public enum ShardDirective
{
    /// <summary>Go on sending.</summary>
    Continue,

    /// <summary>The campaign was cancelled or failed: send nothing more.</summary>
    Stop,
}

/// <summary>One delivery status of a campaign message, as routed to the recipient's shard.</summary>
/// <param name="Number">The recipient's number key.</param>
/// <param name="Wamid">The id WhatsApp gave the message.</param>
/// <param name="Status">Sent, delivered, read or failed.</param>
[GenerateSerializer, Immutable, Alias("vimercate.RecipientStatusUpdate")]
public sealed record RecipientStatusUpdate(
    [property: Id(0)] ulong Number,
    [property: Id(1)] string Wamid,
    [property: Id(2)] RecipientStatus Status);

/// <summary>A shard's progress, for operators and tests: counts and how far the walk got, never numbers.</summary>
/// <param name="Counts">The shard's counts.</param>
/// <param name="Walked">Recipients reached by the walk so far.</param>
/// <param name="Finished">Nothing is pending and the walk is over.</param>
/// <param name="Stopped">Cancelled or failed.</param>
[GenerateSerializer, Immutable, Alias("vimercate.CampaignShardView")]
public sealed record CampaignShardView(
    [property: Id(0)] CampaignCounts Counts,
    [property: Id(1)] int Walked,
    [property: Id(2)] bool Finished,
    [property: Id(3)] bool Stopped);
