using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Orleans.Dashboard;
using Vimercate.Api.Security;
using Vimercate.Telemetry;

namespace Vimercate.Api.Observability;

/// <summary>The API host's part of observability: HTTP metrics and spans, <c>/metrics</c> for Prometheus, the Orleans dashboard.</summary>
public static class ObservabilityApi
{
    /// <summary>Where Prometheus scrapes.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// ASP.NET Core metrics exported to Prometheus, the limiter and campaign gauges, and request spans (health and
    /// metrics requests left out) when traces are exported (<see cref="ObservabilityExtensions.IsExported"/>).
    /// </summary>
    public static IHostApplicationBuilder AddApiObservability(this IHostApplicationBuilder builder)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddPrometheusExporter());
        if (ObservabilityExtensions.IsExported(builder.Configuration))
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options => options.Filter = context =>
                    !context.Request.Path.StartsWithSegments(MetricsPath) && !context.Request.Path.StartsWithSegments("/health")));
        }

        builder.Services.AddHostedService<OperationsGauges>();
        return builder;
    }

    /// <summary><c>GET /metrics</c> (Prometheus text format; counts only, never numbers) and the Orleans dashboard for admins.</summary>
    public static IEndpointRouteBuilder MapObservability(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPrometheusScrapingEndpoint(MetricsPath);
        endpoints.MapOrleansDashboard(RequestHardening.DashboardPath).RequireAuthorization(PressOfficeRoles.Admin);
        return endpoints;
    }
}
