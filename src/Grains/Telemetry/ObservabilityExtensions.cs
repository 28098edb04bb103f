using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Dashboard;
using Vimercate.Privacy;

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
    /// OpenTelemetry metrics (the <see cref="VimercateMetrics.MeterName"/> and Orleans meters, runtime, outbound HTTP),
    /// and, when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, traces (grain calls with Orleans' activity propagation,
    /// outbound HTTP) masked by <see cref="RedactingActivityProcessor"/> and exported with the metrics over OTLP.
    /// Without an exporter no span is recorded: a span nobody receives would cost every grain call and every message
    /// of a campaign its allocation and its masking.
    /// The silo also reports to the Orleans dashboard (its log stream is off: logs belong to the log pipeline).
    /// </summary>
    public static IHostApplicationBuilder AddVimercateObservability(this IHostApplicationBuilder builder)
    {
        var exported = IsExported(builder.Configuration);
        builder.UseOrleans(silo =>
        {
            silo.AddDashboard(options => options.HideTrace = true);
            if (exported)
            {
                silo.AddActivityPropagation();
            }
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName))
            .WithMetrics(metrics => metrics
                .AddMeter(VimercateMetrics.MeterName, OrleansMeterName)
                .AddRuntimeInstrumentation()
                .AddHttpClientInstrumentation());

        if (exported)
        {
            telemetry
                .WithTracing(tracing => tracing
                    .AddSource(OrleansApplicationSourceName)
                    .AddHttpClientInstrumentation()
                    .AddProcessor(services => new RedactingActivityProcessor(services.GetRequiredService<LogRedactor>())))
                .UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>Whether telemetry leaves the process over OTLP (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set); traces are recorded only then.</summary>
    public static bool IsExported(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]);
}
