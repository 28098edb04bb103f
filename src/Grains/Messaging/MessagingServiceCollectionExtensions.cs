using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Vimercate.Hosting;
using Vimercate.Telemetry;
using Vimercate.Throughput;

namespace Vimercate.Messaging;

/// <summary>The outbound pipeline in one place: the send budget, the request count, and the transport <c>WhatsApp:Mode</c> asks for (docs/design/limiter.md).</summary>
public static class MessagingServiceCollectionExtensions
{
    /// <summary>The key of the innermost <see cref="IWhatsAppSender"/>, the only stage tests replace.</summary>
    public const string Transport = "transport";

    private const string GraphApiClient = "graph-api";

    /// <summary>Registers <see cref="IWhatsAppSender"/> as the pipeline below, the transport (Sandbox or Cloud) unless one is registered, and the default <see cref="IDeliveryStatusSink"/>.</summary>
    public static IServiceCollection AddWhatsAppMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddThroughputLimiter();
        services.AddVimercateMetrics();
        services.TryAddSingleton<SandboxOutbox>();
        services.TryAddSingleton<IDeliveryStatusSink, LoggingDeliveryStatusSink>();
        AddTransport(services, configuration.GetValue($"{WhatsAppOptions.Section}:Mode", WhatsAppMode.Sandbox));

        // Outermost first: every message takes a slot of the cluster-wide limiter (campaign messages pass the daily
        // limit before), the requests that are made are counted, and the transport makes them.
        services.AddSingleton<IWhatsAppSender>(provider =>
            new ThrottledWhatsAppSender(
                new MeteredWhatsAppSender(
                    provider.GetRequiredKeyedService<IWhatsAppSender>(Transport),
                    provider.GetRequiredService<VimercateMetrics>()),
                provider.GetRequiredService<OutboundThrottle>(),
                provider.GetRequiredService<DailyRecipientGate>()));
        return services;
    }

    private static void AddTransport(IServiceCollection services, WhatsAppMode mode)
    {
        if (mode == WhatsAppMode.Sandbox)
        {
            services.TryAddKeyedSingleton<IWhatsAppSender, SandboxWhatsAppSender>(Transport);
            return;
        }

        // One long-lived client: the limiter keeps no more requests in flight per silo than it has connections, so a
        // request that got its slot never queues for a connection.
        services.AddHttpClient(GraphApiClient, client => client.Timeout = CloudWhatsAppSender.RequestTimeout)
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                MaxConnectionsPerServer = provider.GetRequiredService<IOptions<ThroughputOptions>>().Value.MaxInFlightPerSilo,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers();
        services.TryAddKeyedSingleton<IWhatsAppSender>(Transport, (provider, _) => ActivatorUtilities.CreateInstance<CloudWhatsAppSender>(
            provider, provider.GetRequiredService<IHttpClientFactory>().CreateClient(GraphApiClient)));
    }
}
