namespace Vimercate.Throughput;

/// <summary>Send tokens granted to one silo for a short slice of time.</summary>
/// <param name="Granted">How many messages may start; zero when the budget is spent.</param>
/// <param name="ValidFor">The tokens are void once this much time has passed since the lease was asked for.</param>
/// <param name="RetryAfter">When nothing was granted: how long to wait before asking again.</param>
[GenerateSerializer, Immutable, Alias("vimercate.TokenLease")]
public sealed record TokenLease(
    [property: Id(0)] int Granted,
    [property: Id(1)] TimeSpan ValidFor,
    [property: Id(2)] TimeSpan RetryAfter);

/// <summary>The limiter's figures, for operators and tests.</summary>
/// <param name="ConfiguredRate">WhatsApp:MessagesPerSecond.</param>
/// <param name="CurrentRate">The rate in force: lower than configured after a 130429, recovering step by step.</param>
/// <param name="DailyRecipientsUsed">Business-initiated messages counted in the last 24 hours.</param>
[GenerateSerializer, Immutable, Alias("vimercate.ThroughputView")]
public sealed record ThroughputView(
    [property: Id(0)] int ConfiguredRate,
    [property: Id(1)] double CurrentRate,
    [property: Id(2)] int DailyRecipientsUsed);

/// <summary>The cluster-wide send budget of one business number (key: the phone number id, "sandbox" in Sandbox mode).</summary>
public interface IThroughputGrain : IGrainWithStringKey
{
    /// <summary>Grants up to <paramref name="wanted"/> tokens, to be used at once, within the rate and the priority's share.</summary>
    Task<TokenLease> LeaseAsync(SendPriority priority, int wanted);

    /// <summary>WhatsApp answered 130429: lowers the rate, which then recovers gradually.</summary>
    Task ReportThrottledAsync();

    /// <summary>The limiter's current figures.</summary>
    Task<ThroughputView> GetAsync();
}
