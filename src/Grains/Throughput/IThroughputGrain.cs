namespace Vimercate.Throughput;

/// <summary>What became of the requests a silo let through since its last lease or report.</summary>
/// <param name="Answered">WhatsApp answered (accepted, refused, asked to slow down): it is up.</param>
/// <param name="Unanswered">No normal answer: 5xx, a transient code, a refused connection, a timeout.</param>
/// <param name="Throttled">Answers asking the whole number to slow down (130429 and kin).</param>
/// <param name="ProbesAnswered">Probes WhatsApp answered: the outage is over.</param>
/// <param name="ProbesUnanswered">Probes that got no normal answer.</param>
[GenerateSerializer, Immutable, Alias("vimercate.SendTally")]
public sealed record SendTally(
    [property: Id(0)] int Answered,
    [property: Id(1)] int Unanswered,
    [property: Id(2)] int Throttled,
    [property: Id(3)] int ProbesAnswered,
    [property: Id(4)] int ProbesUnanswered)
{
    /// <summary>Nothing to tell.</summary>
    public static SendTally None { get; } = new(0, 0, 0, 0, 0);

    /// <summary>True when there is nothing to tell.</summary>
    public bool IsEmpty => this == None;
}

/// <summary>One silo's request for slots of one priority, with the outcomes it has not told yet.</summary>
/// <param name="Priority">Replies, emergencies or news and weather.</param>
/// <param name="Wanted">How many requests wait in the silo for a slot.</param>
/// <param name="Tally">Outcomes since the silo last told the limiter.</param>
[GenerateSerializer, Immutable, Alias("vimercate.LeaseRequest")]
public sealed record LeaseRequest(
    [property: Id(0)] SendPriority Priority,
    [property: Id(1)] int Wanted,
    [property: Id(2)] SendTally Tally);

/// <summary>Slots granted to one silo, to be used at once.</summary>
/// <param name="Granted">How many requests may start now; zero when none is due.</param>
/// <param name="ValidFor">The slots are void once this much time has passed since the lease was asked for.</param>
/// <param name="RetryAfter">When short of the wanted: how long until more are due.</param>
/// <param name="Probe">WhatsApp is unavailable and the one granted request is a probe.</param>
/// <param name="UnavailableSince">When the current outage started; null while WhatsApp answers.</param>
[GenerateSerializer, Immutable, Alias("vimercate.TokenLease")]
public sealed record TokenLease(
    [property: Id(0)] int Granted,
    [property: Id(1)] TimeSpan ValidFor,
    [property: Id(2)] TimeSpan RetryAfter,
    [property: Id(3)] bool Probe = false,
    [property: Id(4)] DateTimeOffset? UnavailableSince = null);

/// <summary>The limiter's figures, for operators, campaigns and tests.</summary>
/// <param name="ConfiguredRate">WhatsApp:MessagesPerSecond.</param>
/// <param name="CurrentRate">The rate in force: lower than configured after a 130429, recovering step by step.</param>
/// <param name="DailyRecipientsUsed">Distinct citizens who got a campaign message in the last 24 hours (0 without a daily limit).</param>
/// <param name="UnavailableSince">When WhatsApp stopped answering, while it does not; campaigns show "waiting".</param>
[GenerateSerializer, Immutable, Alias("vimercate.ThroughputView")]
public sealed record ThroughputView(
    [property: Id(0)] int ConfiguredRate,
    [property: Id(1)] double CurrentRate,
    [property: Id(2)] int DailyRecipientsUsed,
    [property: Id(3)] DateTimeOffset? UnavailableSince = null);

/// <summary>The cluster-wide send budget of one business number (key: the phone number id, "sandbox" in Sandbox mode).</summary>
[Alias("vimercate.IThroughputGrain")]
public interface IThroughputGrain : IGrainWithStringKey
{
    /// <summary>Takes the silo's outcomes, then grants up to the wanted slots that are due, within the rate and the priorities.</summary>
    Task<TokenLease> LeaseAsync(LeaseRequest request);

    /// <summary>Takes outcomes a silo has to tell while it needs no slot (a probe's answer, failures).</summary>
    Task ReportAsync(SendTally tally);

    /// <summary>The limiter's current figures.</summary>
    Task<ThroughputView> GetAsync();
}
