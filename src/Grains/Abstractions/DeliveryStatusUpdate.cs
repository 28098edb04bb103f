namespace Vimercate.Abstractions;

/// <summary>How far an outbound message got; only moves forward (sent &lt; delivered &lt; read), failed is final.</summary>
public enum DeliveryStatus
{
    /// <summary>WhatsApp sent the message to the citizen's phone.</summary>
    Sent,

    /// <summary>The message reached the citizen's phone.</summary>
    Delivered,

    /// <summary>The citizen opened the message.</summary>
    Read,

    /// <summary>WhatsApp could not deliver the message.</summary>
    Failed,
}

/// <summary>One entry of a webhook's <c>statuses[]</c>: what happened to a message we sent.</summary>
/// <param name="Wamid">The id WhatsApp gave the message when we sent it.</param>
/// <param name="Status">Sent, delivered, read or failed.</param>
/// <param name="Timestamp">When it happened (Meta's timestamp).</param>
/// <param name="RecipientId">The recipient's number (E.164 digits) as Meta reports it.</param>
/// <param name="BizOpaqueCallbackData">Our echo: the campaign id for broadcasts, null for replies.</param>
/// <param name="ErrorCode">Meta's first error code, for failures.</param>
[GenerateSerializer, Immutable, Alias("vimercate.DeliveryStatusUpdate")]
public sealed record DeliveryStatusUpdate(
    [property: Id(0)] string Wamid,
    [property: Id(1)] DeliveryStatus Status,
    [property: Id(2)] DateTimeOffset Timestamp,
    [property: Id(3)] string RecipientId,
    [property: Id(4)] string? BizOpaqueCallbackData,
    [property: Id(5)] int? ErrorCode);
