namespace Vimercate.Broadcasts;

/// <summary>How campaigns are paced and watched (section <c>Broadcasts</c>); the defaults suit production.</summary>
public sealed class BroadcastOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Broadcasts";

    /// <summary>Recipients per batch: a crash re-sends at most one batch per shard.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>The pause between two batches of a shard (the period of its grain timer).</summary>
    public TimeSpan BatchInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How long one batch waits for send tokens before it ends early and tries again on the next tick.</summary>
    public TimeSpan TokenWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a recipient whose send must be retried waits, when WhatsApp does not say.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Send attempts per recipient before it is recorded as failed.</summary>
    public int MaxSendAttempts { get; set; } = 5;

    /// <summary>A shard silent for this long is kicked again by its campaign.</summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often a campaign writes the totals its shards reported since its last write.</summary>
    public TimeSpan ProgressCheckpoint { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a campaign checks its shards while its activation lives (a grain timer).</summary>
    public TimeSpan WatchInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The period of a campaign's reminder, which survives silos; Orleans allows no less than a minute by default.</summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);
}
