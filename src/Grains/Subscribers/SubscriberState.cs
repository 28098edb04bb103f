using Vimercate.Abstractions;
using Vimercate.Privacy;

namespace Vimercate.Subscribers;

/// <summary>A reply accepted for a citizen and not yet handed to WhatsApp.</summary>
/// <param name="Kind">Which answer.</param>
/// <param name="Text">The text as rendered when the reply was queued.</param>
/// <param name="InReplyTo">The keyed hash of the citizen's message id.</param>
/// <param name="QueuedAt">When the reply was queued.</param>
/// <param name="Attempts">Send attempts that ended in "retry later".</param>
[GenerateSerializer, Immutable, Alias("vimercate.PendingReply")]
public sealed record PendingReply(
    [property: Id(0)] ReplyKind Kind,
    [property: Id(1)] string Text,
    [property: Id(2)] string InReplyTo,
    [property: Id(3)] DateTimeOffset QueuedAt,
    [property: Id(4)] int Attempts = 0);

/// <summary>The persistent state of one number (<see cref="SubscriberGrain"/>).</summary>
[GenerateSerializer, Alias("vimercate.SubscriberState")]
public sealed class SubscriberState
{
    /// <summary>How many handled wamids are remembered to drop Meta's duplicates.</summary>
    public const int RecentWamidCapacity = 200;

    /// <summary>Whether broadcasts reach this number.</summary>
    [Id(0)]
    public bool IsSubscribed { get; set; }

    /// <summary>Every opt-in, opt-out and number change, oldest first.</summary>
    [Id(1)]
    public List<ConsentEvent> ConsentHistory { get; set; } = [];

    /// <summary>Keyed hashes of the most recently handled wamids, oldest first, at most <see cref="RecentWamidCapacity"/>.</summary>
    [Id(2)]
    public List<string> RecentWamids { get; set; } = [];

    /// <summary>
    /// Timestamp of the newest message that decided the consent (a keyword or a number change), whether or not it
    /// changed it: a message older than this decides nothing.
    /// </summary>
    [Id(3)]
    public DateTimeOffset? ConsentDecidedAt { get; set; }

    /// <summary>Timestamp of the newest message received from the number.</summary>
    [Id(4)]
    public DateTimeOffset? LastInboundAt { get; set; }

    /// <summary>When the auto-reply was last queued.</summary>
    [Id(5)]
    public DateTimeOffset? LastAutoReplyAt { get; set; }

    /// <summary>Replies waiting to be sent, in order.</summary>
    [Id(6)]
    public List<PendingReply> Outbox { get; set; } = [];

    /// <summary>When the service handled the newest message of the number: a number that is not subscribed is forgotten some days after.</summary>
    [Id(7)]
    public DateTimeOffset? LastHandledAt { get; set; }

    /// <summary>Whether the message (by its keyed hash) was handled before (within the remembered window).</summary>
    public bool HasHandled(string wamidHash) => RecentWamids.Contains(wamidHash, StringComparer.Ordinal);

    /// <summary>Remembers a handled message by its keyed hash, forgetting the oldest beyond the capacity.</summary>
    public void RememberHandled(string wamidHash)
    {
        RecentWamids.Add(wamidHash);
        if (RecentWamids.Count > RecentWamidCapacity)
        {
            RecentWamids.RemoveRange(0, RecentWamids.Count - RecentWamidCapacity);
        }
    }

    /// <summary>Replaces message ids kept in plain by states written before ids were hashed; true when any was.</summary>
    public bool HashMessageIds(NumberHasher hasher)
    {
        var changed = PlainMessageIds.Hash(RecentWamids, hasher) | PlainMessageIds.Hash(ConsentHistory, hasher);
        for (var i = 0; i < Outbox.Count; i++)
        {
            if (PlainMessageIds.Hash(Outbox[i].InReplyTo, hasher) is { } hashed)
            {
                Outbox[i] = Outbox[i] with { InReplyTo = hashed };
                changed = true;
            }
        }

        return changed;
    }

    /// <summary>Moves the last inbound time forward, never back.</summary>
    public void NoteInbound(DateTimeOffset timestamp)
    {
        if (LastInboundAt is null || timestamp > LastInboundAt)
        {
            LastInboundAt = timestamp;
        }
    }
}
