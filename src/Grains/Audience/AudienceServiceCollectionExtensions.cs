using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Vimercate.Audience;

/// <summary>Registers where the audience is kept.</summary>
public static class AudienceServiceCollectionExtensions
{
    /// <summary>
    /// The <see cref="IAudienceStore"/>: table <c>audience_member</c> through the host's data source on PostgreSQL, else
    /// process memory. A store registered before (a test's instance shared by its silos) is kept.
    /// </summary>
    public static IServiceCollection AddAudienceStore(this IServiceCollection services, bool onPostgres)
    {
        if (onPostgres)
        {
            services.TryAddSingleton<IAudienceStore, PostgresAudienceStore>();
            return services;
        }

        services.TryAddSingleton<InMemoryAudienceStore>();
        services.TryAddSingleton<IAudienceStore>(provider => provider.GetRequiredService<InMemoryAudienceStore>());
        return services;
    }
}
