namespace Vimercate.Abstractions;

/// <summary>What the service holds about one number.</summary>
/// <param name="Number">E.164 digits.</param>
/// <param name="IsSubscribed">Whether broadcasts reach this number.</param>
/// <param name="ConsentHistory">Every opt-in, opt-out and number change, oldest first.</param>
/// <param name="LastInboundAt">Timestamp of the newest message received from the number.</param>
/// <param name="LastAutoReplyAt">When the auto-reply was last queued.</param>
/// <param name="PendingReplies">Replies accepted but not yet handed to WhatsApp.</param>
[GenerateSerializer, Immutable, Alias("vimercate.SubscriberView")]
public sealed record SubscriberView(
    [property: Id(0)] string Number,
    [property: Id(1)] bool IsSubscribed,
    [property: Id(2)] IReadOnlyList<ConsentEvent> ConsentHistory,
    [property: Id(3)] DateTimeOffset? LastInboundAt,
    [property: Id(4)] DateTimeOffset? LastAutoReplyAt,
    [property: Id(5)] int PendingReplies);
