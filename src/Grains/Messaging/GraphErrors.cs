namespace Vimercate.Messaging;

/// <summary>Meta's error codes grouped by what the service does with them (whatsapp-platform.md, docs/design/limiter.md).</summary>
public static class GraphErrors
{
    /// <summary>Throughput limit of the business number: the cluster's rate goes down.</summary>
    public const int Throughput = 130429;

    /// <summary>Too many messages to the same citizen: that recipient waits a few seconds.</summary>
    public const int PairRate = 131056;

    /// <summary>Maintenance during a throughput upgrade: everything waits about a minute.</summary>
    public const int Maintenance = 131057;

    /// <summary>Meta's spam rate limit: the campaign pauses until a person resumes it.</summary>
    public const int SpamRate = 131048;

    /// <summary>"Not now": WhatsApp did not take the message and is not answering normally (outage evidence).</summary>
    public static bool IsTransient(int code) => code is 1 or 2 or 131000 or 131016 or 133004 or Maintenance;

    /// <summary>A rate limit of the number, the account or the app: the cluster slows down.</summary>
    public static bool IsThrottling(int code) => code is Throughput or 80007 or 4;

    /// <summary>WhatsApp will never take this message for this recipient.</summary>
    public static bool IsFinalForRecipient(int code) =>
        code is 131026 or 131047 or 131049 or 131050 or 100 or 131008 or 131009 or 131051 or (>= 132000 and <= 132016);

    /// <summary>The account cannot send (blocked, locked, billing, token, permissions, not registered).</summary>
    public static bool StopsTheAccount(int code) => code is 368 or 131031 or 131042 or 190 or 0 or 10 or 133010;

    /// <summary>
    /// True when the result shows WhatsApp did not answer the request normally: a transient code, a 5xx, a network
    /// failure, or no answer at all (<see cref="SendOutcome.Unknown"/>). Several in a row start an outage.
    /// </summary>
    public static bool IsUnanswered(SendResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Outcome switch
        {
            SendOutcome.Unknown => true,
            SendOutcome.RetryLater when !result.Unsent => result.ErrorCode is null or (>= 500 and <= 599) || IsTransient(result.ErrorCode.Value),
            _ => false,
        };
    }

    /// <summary>True when WhatsApp asked the whole number to slow down.</summary>
    public static bool IsThrottled(SendResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result is { Outcome: SendOutcome.RetryLater, Unsent: false, ErrorCode: { } code } && (IsThrottling(code) || code == 429);
    }
}
