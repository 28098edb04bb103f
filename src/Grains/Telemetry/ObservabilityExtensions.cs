using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Dashboard;

namespace Vimercate.Telemetry;

/// <summary>Metrics, traces and the Orleans dashboard for every host of the cluster.</summary>
public static class ObservabilityExtensions
{
    /// <summary>Orleans' meter.</summary>
    public const string OrleansMeterName = "Microsoft.Orleans";

    /// <summary>Orleans' source of spans for application grain calls.</summary>
    public const string OrleansApplicationSourceName = "Microsoft.Orleans.Application";

    /// <summary>The standard variable that turns on export over OTLP.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// OpenTelemetry metrics (the <see cref="VimercateMetrics.MeterName"/> and Orleans meters, runtime, outbound HTTP) and
    /// traces (grain calls with Orleans' activity propagation, outbound HTTP), masked by
    /// <see cref="RedactingActivityProcessor"/>; exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
    /// The silo also reports to the Orleans dashboard (its log stream is off: logs belong to the log pipeline).
    /// </summary>
    public static IHostApplicationBuilder AddVimercateObservability(this IHostApplicationBuilder builder)
    {
        builder.UseOrleans(silo => silo.AddActivityPropagation().AddDashboard(options => options.HideTrace = true));

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName))
            .WithMetrics(metrics => metrics
                .AddMeter(VimercateMetrics.MeterName, OrleansMeterName)
                .AddRuntimeInstrumentation()
                .AddHttpClientInstrumentation())
            .WithTracing(tracing => tracing
                .AddSource(OrleansApplicationSourceName)
                .AddHttpClientInstrumentation()
                .AddProcessor(new RedactingActivityProcessor()));

        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }
}
