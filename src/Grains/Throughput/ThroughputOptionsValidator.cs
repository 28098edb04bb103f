using Microsoft.Extensions.Options;

namespace Vimercate.Throughput;

/// <summary>Refuses limiter settings that could exceed or never reach the configured rate.</summary>
internal sealed class ThroughputOptionsValidator : IValidateOptions<ThroughputOptions>
{
    public ValidateOptionsResult Validate(string? name, ThroughputOptions options)
    {
        var failures = new List<string>();
        if (options.Slice <= TimeSpan.Zero || options.Slice > TimeSpan.FromSeconds(1))
        {
            failures.Add("Throughput:Slice must be more than zero and at most one second.");
        }

        if (options.ReplyShare is < 0 or >= 1)
        {
            failures.Add("Throughput:ReplyShare must be at least 0 and less than 1.");
        }

        if (options.ThrottleFactor is <= 0 or >= 1 || options.MinimumRateShare is <= 0 or > 1 || options.RecoveryStep is <= 0 or > 1)
        {
            failures.Add("Throughput:ThrottleFactor, MinimumRateShare and RecoveryStep must be shares between 0 and 1.");
        }

        if (options.RecoveryInterval <= TimeSpan.Zero || options.EmergencyPrecedence < TimeSpan.Zero || options.ArrivalJitter < TimeSpan.Zero)
        {
            failures.Add("Throughput:RecoveryInterval must be positive, EmergencyPrecedence and ArrivalJitter not negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
