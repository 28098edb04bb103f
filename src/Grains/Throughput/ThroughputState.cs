namespace Vimercate.Throughput;

/// <summary>The persistent state of a <see cref="ThroughputGrain"/>: what a new activation must not forget (written only when it changes).</summary>
[GenerateSerializer, Alias("vimercate.ThroughputState")]
public sealed class ThroughputState
{
    /// <summary>The rate a 130429 brought the limiter down to; null at the configured rate.</summary>
    [Id(1)]
    public double? LoweredRate { get; set; }

    /// <summary>When the rate was lowered.</summary>
    [Id(2)]
    public DateTimeOffset LoweredAt { get; set; }

    /// <summary>When the current outage started; null while WhatsApp answers.</summary>
    [Id(3)]
    public DateTimeOffset? UnavailableSince { get; set; }
}
