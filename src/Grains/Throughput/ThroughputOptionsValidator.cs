using Microsoft.Extensions.Options;

namespace Vimercate.Throughput;

/// <summary>Refuses limiter settings that could exceed or never reach the configured rate.</summary>
internal sealed class ThroughputOptionsValidator : IValidateOptions<ThroughputOptions>
{
    public ValidateOptionsResult Validate(string? name, ThroughputOptions options)
    {
        var failures = new List<string>();
        if (options.Lookahead < TimeSpan.Zero || options.LeaseValidity <= TimeSpan.Zero || options.ArrivalJitter < TimeSpan.Zero
            || options.Window > TimeSpan.FromSeconds(2))
        {
            failures.Add("Throughput:Lookahead and ArrivalJitter must not be negative, LeaseValidity positive, and the three together at most one second.");
        }

        if (options.ReplyShare is <= 0 or >= 1)
        {
            failures.Add("Throughput:ReplyShare must be more than 0 and less than 1.");
        }

        if (options.ThrottleFactor is <= 0 or >= 1 || options.MinimumRateShare is <= 0 or > 1 || options.RecoveryStep is <= 0 or > 1)
        {
            failures.Add("Throughput:ThrottleFactor, MinimumRateShare and RecoveryStep must be shares between 0 and 1.");
        }

        if (options.RecoveryInterval <= TimeSpan.Zero || options.RampTime < TimeSpan.Zero || options.EmergencyPrecedence < TimeSpan.Zero || options.TokenWait <= TimeSpan.Zero)
        {
            failures.Add("Throughput:RecoveryInterval and TokenWait must be positive, RampTime and EmergencyPrecedence not negative.");
        }

        if (options.OutageThreshold < 1 || options.MaxInFlightPerSilo < 1)
        {
            failures.Add("Throughput:OutageThreshold and MaxInFlightPerSilo must be at least 1.");
        }

        if (options.FirstProbeInterval <= TimeSpan.Zero || options.LongestProbeInterval < options.FirstProbeInterval || options.LongestRetryHint < options.FirstProbeInterval)
        {
            failures.Add("Throughput:FirstProbeInterval must be positive, LongestProbeInterval and LongestRetryHint at least as long.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
