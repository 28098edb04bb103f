using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Vimercate.Hosting;

namespace Vimercate.Privacy;

/// <summary>Refuses privacy settings that would lose or expose archived consent, naming the key.</summary>
internal sealed class PrivacyOptionsValidator(IHostEnvironment environment, IConfiguration configuration) : IValidateOptions<PrivacyOptions>
{
    /// <summary>Shortest accepted hash key.</summary>
    public const int MinimumHashKeyLength = 32;

    public ValidateOptionsResult Validate(string? name, PrivacyOptions options)
    {
        var failures = new List<string>();
        if (options.ConsentRetentionDays is < 1 or > 3650)
        {
            failures.Add("Privacy:ConsentRetentionDays must be between 1 and 3650.");
        }

        if (options.HashKey is { } key)
        {
            if (key.Trim().Length < MinimumHashKeyLength)
            {
                failures.Add($"Privacy:HashKey must be at least {MinimumHashKeyLength} characters.");
            }
        }
        else if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString(VimercateSiloExtensions.PostgresConnectionName)) && !environment.IsDevelopment())
        {
            // Archives in PostgreSQL outlive the process: named with a key everybody knows, any number could be found by trying.
            failures.Add("Privacy:HashKey is required when ConnectionStrings:Postgres is set (outside Development).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
