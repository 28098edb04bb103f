namespace Vimercate.Throughput;

/// <summary>How the cluster-wide limiter shares <c>WhatsApp:MessagesPerSecond</c> (section <c>Throughput</c>).</summary>
public sealed class ThroughputOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Throughput";

    /// <summary>How long leased tokens stay valid; shorter slices waste less of the rate on the window's edge.</summary>
    public TimeSpan Slice { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// How much later than planned a message may reach WhatsApp (a new connection, a slow hop): the limiter counts each
    /// grant for one second plus a slice plus this, so arrivals stay within the rate although they drift.
    /// </summary>
    public TimeSpan ArrivalJitter { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The share of the rate that campaigns may never use, kept for replies to citizens.</summary>
    public double ReplyShare { get; set; } = 0.1;

    /// <summary>How long after an emergency last asked for tokens news and weather campaigns keep yielding to it.</summary>
    public TimeSpan EmergencyPrecedence { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The factor the rate is multiplied by on a 130429.</summary>
    public double ThrottleFactor { get; set; } = 0.5;

    /// <summary>The lowest share of the configured rate a 130429 can bring the limiter down to.</summary>
    public double MinimumRateShare { get; set; } = 0.1;

    /// <summary>After a 130429 the rate climbs back by <see cref="RecoveryStep"/> of the configured rate every this long.</summary>
    public TimeSpan RecoveryInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The share of the configured rate regained every <see cref="RecoveryInterval"/>.</summary>
    public double RecoveryStep { get; set; } = 0.1;
}
