using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Vimercate.Hosting.Database;

/// <summary>Registers the PostgreSQL data source, the schema migrator and the readiness check.</summary>
public static class DatabaseServiceCollectionExtensions
{
    /// <summary>One <see cref="NpgsqlDataSource"/> for the process, the migrator, <see cref="DatabaseOptions"/> and a "ready" health check.</summary>
    public static IServiceCollection AddVimercateDatabase(this IServiceCollection services, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        services.TryAddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        services.TryAddSingleton<SchemaMigrator>();
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section);
        services.AddHealthChecks().AddCheck<PostgresHealthCheck>(PostgresHealthCheck.Name, tags: [PostgresHealthCheck.ReadyTag]);
        return services;
    }

    /// <summary>Applies the schema when the silo starts, before any provider touches the database.</summary>
    public static IServiceCollection AddSchemaMigrationAtStartup(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, SchemaMigrationStartup>());
        return services;
    }
}
