using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Vimercate.Hosting;

namespace Vimercate.Messaging;

/// <summary>Registers the <see cref="IWhatsAppSender"/> that <c>WhatsApp:Mode</c> asks for, and the default <see cref="IDeliveryStatusSink"/>.</summary>
public static class MessagingServiceCollectionExtensions
{
    /// <summary>Sandbox: in-process outbox. Cloud: the Graph API over HTTP.</summary>
    public static IServiceCollection AddWhatsAppMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        var mode = configuration.GetValue($"{WhatsAppOptions.Section}:Mode", WhatsAppMode.Sandbox);
        services.TryAddSingleton<SandboxOutbox>();
        services.TryAddSingleton<IDeliveryStatusSink, LoggingDeliveryStatusSink>();
        if (mode == WhatsAppMode.Sandbox)
        {
            services.TryAddSingleton<IWhatsAppSender, SandboxWhatsAppSender>();
        }
        else
        {
            services.AddHttpClient<IWhatsAppSender, CloudWhatsAppSender>(client => client.Timeout = CloudWhatsAppSender.RequestTimeout)
                .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { MaxConnectionsPerServer = CloudWhatsAppSender.MaxConnections })
                .RemoveAllLoggers();
        }

        return services;
    }
}
