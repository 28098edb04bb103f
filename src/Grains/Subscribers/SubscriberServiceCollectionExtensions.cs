using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Vimercate.Subscribers;

/// <summary>Registers what the subscriber grains need besides storage and the sender.</summary>
public static class SubscriberServiceCollectionExtensions
{
    /// <summary>The keyword matcher and the citizens' reply texts, built once from <c>Service:*</c>.</summary>
    public static IServiceCollection AddSubscribers(this IServiceCollection services)
    {
        services.TryAddSingleton<KeywordMatcher>();
        services.TryAddSingleton<CitizenReplies>();
        return services;
    }
}
