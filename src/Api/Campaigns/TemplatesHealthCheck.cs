using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Vimercate.Hosting;

namespace Vimercate.Api.Campaigns;

/// <summary>Degraded (not down) while Cloud mode lacks an approved template for a category: its campaigns are refused, the rest works.</summary>
internal sealed class TemplatesHealthCheck(IOptionsMonitor<WhatsAppOptions> whatsApp) : IHealthCheck
{
    /// <summary>The name the check is registered under.</summary>
    public const string Name = "templates";

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var missing = whatsApp.CurrentValue.MissingTemplates;
        return Task.FromResult(missing.Count == 0
            ? HealthCheckResult.Healthy("Every campaign category has what it needs to be sent.")
            : HealthCheckResult.Degraded(
                $"{string.Join(", ", missing.Select(TemplatesOptions.KeyOf))} not configured: campaigns of {(missing.Count == 1 ? "that category" : "those categories")} are refused."));
    }
}
