namespace Vimercate.Messaging;

/// <summary>What the caller should do after a send attempt.</summary>
public enum SendOutcome
{
    /// <summary>WhatsApp accepted the message (not yet delivered).</summary>
    Sent,

    /// <summary>WhatsApp did not take the message and will later (outage, throughput, pair limit): try again, never fail for it.</summary>
    RetryLater,

    /// <summary>WhatsApp will never take this message for this recipient: record it failed, do not retry.</summary>
    Failed,

    /// <summary>The account cannot send (token, billing, block): stop sending and alert an operator.</summary>
    Halted,

    /// <summary>The request may have reached WhatsApp (a timeout or reset after the body left): do not send it again at once.</summary>
    Unknown,

    /// <summary>WhatsApp's spam rate limit (131048): the campaign pauses until a person resumes it.</summary>
    Paused,
}

/// <summary>The result of handing one message to WhatsApp.</summary>
/// <param name="Outcome">What to do next.</param>
/// <param name="MessageId">The wamid WhatsApp assigned, when sent.</param>
/// <param name="ErrorCode">Meta's error code, or the HTTP status when there was no error body.</param>
/// <param name="Error">Meta's error title, for operators.</param>
/// <param name="RetryAfter">How long to wait before trying again, for <see cref="SendOutcome.RetryLater"/>.</param>
/// <param name="Unsent">With <see cref="SendOutcome.RetryLater"/>: no request left the service (no send budget in time), so the message keeps its place.</param>
[GenerateSerializer, Immutable, Alias("vimercate.SendResult")]
public sealed record SendResult(
    [property: Id(0)] SendOutcome Outcome,
    [property: Id(1)] string? MessageId = null,
    [property: Id(2)] int? ErrorCode = null,
    [property: Id(3)] string? Error = null,
    [property: Id(4)] TimeSpan? RetryAfter = null,
    [property: Id(5)] bool Unsent = false)
{
    /// <summary>A message WhatsApp accepted.</summary>
    public static SendResult Accepted(string messageId) => new(SendOutcome.Sent, messageId);

    /// <summary>A message that did not leave the service: try again after <paramref name="retryAfter"/>.</summary>
    public static SendResult NotSent(string reason, TimeSpan retryAfter) => new(SendOutcome.RetryLater, Error: reason, RetryAfter: retryAfter, Unsent: true);
}
