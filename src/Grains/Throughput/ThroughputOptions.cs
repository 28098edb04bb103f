namespace Vimercate.Throughput;

/// <summary>How the cluster-wide limiter spends <c>WhatsApp:MessagesPerSecond</c> (section <c>Throughput</c>; docs/design/limiter.md).</summary>
public sealed class ThroughputOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Throughput";

    /// <summary>A lease carries the slots due within this time, so a silo need not call the limiter once per message.</summary>
    public TimeSpan Lookahead { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>A silo may start a leased request until this long after it asked for the lease; later the slot is dropped.</summary>
    public TimeSpan LeaseValidity { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>How much later than its start a request may reach WhatsApp; the window allows for it.</summary>
    public TimeSpan ArrivalJitter { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>After an idle window or a new activation the rate climbs from half to whole over this time.</summary>
    public TimeSpan RampTime { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The share of the rate replies to citizens get while they wait and campaigns send; otherwise campaigns may use all of it.</summary>
    public double ReplyShare { get; set; } = 0.2;

    /// <summary>How long after an emergency last asked for slots news and weather campaigns keep yielding to it.</summary>
    public TimeSpan EmergencyPrecedence { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a message waits in its silo for a slot before it comes back unsent, to be tried again later.</summary>
    public TimeSpan TokenWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Requests one silo keeps in flight at most; also the HTTP connections it opens to the Graph API.</summary>
    public int MaxInFlightPerSilo { get; set; } = 1024;

    /// <summary>The factor the rate is multiplied by on a 130429.</summary>
    public double ThrottleFactor { get; set; } = 0.5;

    /// <summary>The lowest share of the configured rate a 130429 can bring the limiter down to.</summary>
    public double MinimumRateShare { get; set; } = 0.1;

    /// <summary>After a 130429 the rate climbs back by <see cref="RecoveryStep"/> of the configured rate every this long.</summary>
    public TimeSpan RecoveryInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The share of the configured rate regained every <see cref="RecoveryInterval"/>.</summary>
    public double RecoveryStep { get; set; } = 0.1;

    /// <summary>Unanswered requests in a row (5xx, transient codes, refused connections, timeouts) that start an outage.</summary>
    public int OutageThreshold { get; set; } = 10;

    /// <summary>During an outage, the wait before the first probe; it doubles after each unanswered probe.</summary>
    public TimeSpan FirstProbeInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two probes of an outage.</summary>
    public TimeSpan LongestProbeInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest retry hint given to a message that found WhatsApp unavailable.</summary>
    public TimeSpan LongestRetryHint { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The window in which no more than the rate may reach WhatsApp by the accounting: one second plus the margins.</summary>
    public TimeSpan Window => TimeSpan.FromSeconds(1) + Lookahead + LeaseValidity + ArrivalJitter;

    /// <summary>The rate a campaign gets when it sends alone at <paramref name="messagesPerSecond"/>, after the ramp.</summary>
    public double SustainedRate(int messagesPerSecond) => messagesPerSecond / Window.TotalSeconds;
}
