using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Vimercate.Throughput;

/// <summary>Registers the cluster-wide limiter's silo side: its options, the <see cref="OutboundThrottle"/> and the <see cref="DailyRecipientGate"/>.</summary>
public static class ThroughputServiceCollectionExtensions
{
    /// <summary>
    /// The key of the clock the limiter runs on: the system clock unless a test registers another. It is apart from the
    /// grains' clock because the limiter counts milliseconds of real sending, which a test's frozen clock would stop.
    /// </summary>
    public const string Clock = "throughput";

    /// <summary>Adds the limiter's options and silo-side services; idempotent.</summary>
    public static IServiceCollection AddThroughputLimiter(this IServiceCollection services)
    {
        services.AddOptions<ThroughputOptions>().BindConfiguration(ThroughputOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ThroughputOptions>, ThroughputOptionsValidator>());
        services.TryAddKeyedSingleton(Clock, TimeProvider.System);
        services.TryAddSingleton<OutboundThrottle>();
        services.TryAddSingleton<DailyRecipientGate>();
        return services;
    }
}
