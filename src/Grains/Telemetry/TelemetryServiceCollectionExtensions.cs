using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Vimercate.Telemetry;

/// <summary>Registers the service's instruments; the send counter is a stage of the outbound pipeline (<c>AddWhatsAppMessaging</c>).</summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>Adds <see cref="VimercateMetrics"/>; idempotent.</summary>
    public static IServiceCollection AddVimercateMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<VimercateMetrics>();
        return services;
    }
}
