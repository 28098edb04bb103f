using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Vimercate.Messaging;

namespace Vimercate.Telemetry;

/// <summary>Registers the service's instruments and puts the send counter in front of the registered sender.</summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary><see cref="VimercateMetrics"/>, and a <see cref="MeteredWhatsAppSender"/> around the last <see cref="IWhatsAppSender"/> registration; idempotent.</summary>
    public static IServiceCollection AddVimercateMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<VimercateMetrics>();

        var inner = services.LastOrDefault(d => d.ServiceType == typeof(IWhatsAppSender) && !d.IsKeyedService);
        if (inner is null || inner.ImplementationFactory?.Target is MeteredRegistration)
        {
            return services;
        }

        services.Remove(inner);
        services.Add(ServiceDescriptor.Describe(typeof(IWhatsAppSender), new MeteredRegistration(inner).Create, inner.Lifetime));
        return services;
    }

    /// <summary>Builds the metered sender around what the replaced registration would have built.</summary>
    private sealed class MeteredRegistration(ServiceDescriptor inner)
    {
        public object Create(IServiceProvider provider) => new MeteredWhatsAppSender(
            inner switch
            {
                { ImplementationInstance: IWhatsAppSender instance } => instance,
                { ImplementationFactory: { } factory } => (IWhatsAppSender)factory(provider),
                { ImplementationType: { } type } => (IWhatsAppSender)ActivatorUtilities.CreateInstance(provider, type),
                _ => throw new InvalidOperationException("The IWhatsAppSender registration cannot be wrapped by the send counter."),
            },
            provider.GetRequiredService<VimercateMetrics>());
    }
}
