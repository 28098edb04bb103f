namespace Vimercate.Broadcasts;

/// <summary>When a campaign should be done, from its audience, the rate campaigns may use and the daily recipient limit.</summary>
public static class CampaignEstimate
{
    /// <summary>
    /// <paramref name="audience"/> messages at <paramref name="messagesPerSecond"/>, starting at <paramref name="start"/>; beyond
    /// <paramref name="dailyLimit"/> recipients the rest waits for the rolling 24-hour window, one limit's worth per day.
    /// </summary>
    public static DateTimeOffset CompletionAt(DateTimeOffset start, int audience, double messagesPerSecond, int? dailyLimit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(messagesPerSecond);
        if (audience <= 0)
        {
            return start;
        }

        var waits = dailyLimit is { } limit && limit > 0 ? (audience - 1) / limit : 0;
        var last = audience - (waits * (dailyLimit ?? 0));
        return start + (TimeSpan.FromDays(1) * waits) + TimeSpan.FromSeconds(Math.Ceiling(last / messagesPerSecond));
    }
}
