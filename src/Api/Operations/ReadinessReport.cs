using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Vimercate.Api.Operations;

/// <summary>
/// The body of <c>GET /health/ready</c>: <c>Healthy</c> when ready; otherwise the status and, one per line, every check
/// that failed with its reason, so a 503 says what is not ready ("postgres: PostgreSQL is unreachable ...").
/// </summary>
internal static class ReadinessReport
{
    /// <summary>Writes the report as plain text.</summary>
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var text = new StringBuilder(report.Status.ToString());
        foreach (var (name, entry) in report.Entries.Where(entry => entry.Value.Status != HealthStatus.Healthy))
        {
            text.Append('\n').Append(name).Append(": ").Append(entry.Status).Append(" - ").Append(entry.Description);
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text.ToString());
    }
}
