using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Vimercate.Messaging;

namespace Vimercate.Throughput;

/// <summary>Registers the cluster-wide limiter and puts it in front of the registered <see cref="IWhatsAppSender"/>.</summary>
public static class ThroughputServiceCollectionExtensions
{
    /// <summary>Adds <see cref="OutboundThrottle"/> and wraps the last <see cref="IWhatsAppSender"/> registration in a <see cref="ThrottledWhatsAppSender"/>.</summary>
    public static IServiceCollection AddThroughputLimiter(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(OutboundThrottle)))
        {
            return services;
        }

        services.AddOptions<ThroughputOptions>().BindConfiguration(ThroughputOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ThroughputOptions>, ThroughputOptionsValidator>());
        services.AddSingleton<OutboundThrottle>();

        var inner = services.LastOrDefault(d => d.ServiceType == typeof(IWhatsAppSender) && !d.IsKeyedService);
        if (inner is null)
        {
            return services;
        }

        services.Remove(inner);
        services.Add(ServiceDescriptor.Describe(
            typeof(IWhatsAppSender),
            provider => new ThrottledWhatsAppSender(Create(provider, inner), provider.GetRequiredService<OutboundThrottle>()),
            inner.Lifetime));
        return services;
    }

    private static IWhatsAppSender Create(IServiceProvider provider, ServiceDescriptor descriptor) => descriptor switch
    {
        { ImplementationInstance: IWhatsAppSender instance } => instance,
        { ImplementationFactory: { } factory } => (IWhatsAppSender)factory(provider),
        { ImplementationType: { } type } => (IWhatsAppSender)ActivatorUtilities.GetServiceOrCreateInstance(provider, type),
        _ => throw new InvalidOperationException("The IWhatsAppSender registration cannot be wrapped by the limiter."),
    };
}
