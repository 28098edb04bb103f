using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Serialization;
using Orleans.Storage;
using Vimercate.Audience;
using Vimercate.Broadcasts;
using Vimercate.Hosting.Database;
using Vimercate.Messaging;
using Vimercate.Privacy;
using Vimercate.Subscribers;
using Vimercate.Telemetry;

namespace Vimercate.Hosting;

/// <summary>The one place that turns configuration into a silo: memory or PostgreSQL, sandbox or Cloud.</summary>
public static class VimercateSiloExtensions
{
    /// <summary>Name of the connection string that switches the silo to PostgreSQL.</summary>
    public const string PostgresConnectionName = "Postgres";

    /// <summary>ADO.NET invariant of Npgsql.</summary>
    public const string PostgresInvariant = "Npgsql";

    /// <summary>Hosts a silo of the Vimercate cluster in this process.</summary>
    public static IHostApplicationBuilder AddVimercateSilo(this IHostApplicationBuilder builder)
    {
        builder.UseOrleans(silo =>
        {
            silo.UseVimercateClustering();
            silo.AddVimercateServices();
        });
        builder.AddVimercateObservability();
        return builder;
    }

    /// <summary>Localhost clustering on embedded defaults, ADO.NET membership on PostgreSQL.</summary>
    public static ISiloBuilder UseVimercateClustering(this ISiloBuilder silo)
    {
        var configuration = silo.Configuration;
        var clusterId = configuration["Orleans:ClusterId"] ?? "dev";
        var serviceId = configuration["Orleans:ServiceId"] ?? "vimercate";
        var siloPort = configuration.GetValue("Orleans:SiloPort", EndpointOptions.DEFAULT_SILO_PORT);
        var gatewayPort = configuration.GetValue("Orleans:GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT);
        var postgres = configuration.GetConnectionString(PostgresConnectionName);

        if (string.IsNullOrWhiteSpace(postgres))
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: serviceId, clusterId: clusterId);
            return silo;
        }

        silo.Configure<ClusterOptions>(options =>
        {
            options.ClusterId = clusterId;
            options.ServiceId = serviceId;
        });
        silo.UseAdoNetClustering(options =>
        {
            options.Invariant = PostgresInvariant;
            options.ConnectionString = ProviderConnectionString.For(postgres);
        });
        var advertised = configuration["Orleans:AdvertisedIPAddress"];
        silo.ConfigureEndpoints(
            string.IsNullOrWhiteSpace(advertised) ? IPAddress.Loopback : IPAddress.Parse(advertised),
            siloPort,
            gatewayPort,
            listenOnAnyHostAddress: !string.IsNullOrWhiteSpace(advertised));
        return silo;
    }

    /// <summary>Options, outbound sender, grain storage and reminders: everything but clustering.</summary>
    public static ISiloBuilder AddVimercateServices(this ISiloBuilder silo)
    {
        var configuration = silo.Configuration;
        var services = silo.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddVimercateOptions();
        services.AddWhatsAppMessaging(configuration);
        services.AddSubscribers();
        services.AddBinaryGrainStorageSerializer();
        services.AddBroadcasts();
        services.AddPrivacy();

        var postgres = configuration.GetConnectionString(PostgresConnectionName);
        if (string.IsNullOrWhiteSpace(postgres))
        {
            services.AddAudienceStore(onPostgres: false);
            silo.AddMemoryGrainStorageAsDefault();
            silo.UseInMemoryReminderService();
            services.AddHostedService<EmbeddedModeNotice>();
            return silo;
        }

        services.AddVimercateDatabase(postgres);
        services.AddSchemaMigrationAtStartup();
        services.AddAudienceStore(onPostgres: true);
        silo.AddAdoNetGrainStorageAsDefault(options =>
        {
            options.Invariant = PostgresInvariant;

            // A cleared state leaves no row behind: the key of a subscriber's row is the citizen's number.
            options.DeleteStateOnClear = true;
            options.ConnectionString = ProviderConnectionString.For(postgres);
        });
        silo.UseAdoNetReminderService(options =>
        {
            options.Invariant = PostgresInvariant;
            options.ConnectionString = ProviderConnectionString.For(postgres);
        });
        return silo;
    }

    /// <summary>
    /// Grain state is stored in Orleans' binary format, not Orleans' default JSON: shard states hold thousands of numbers and
    /// are rewritten on every change, and JSON made each write an order of magnitude dearer (docs/BENCHMARKS.md).
    /// </summary>
    private static void AddBinaryGrainStorageSerializer(this IServiceCollection services)
    {
        services.AddOptions<MemoryGrainStorageOptions>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME)
            .Configure<Serializer>((options, serializer) => options.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
        services.AddOptions<AdoNetGrainStorageOptions>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME)
            .Configure<Serializer>((options, serializer) => options.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
    }

    /// <summary>Binds and validates every options class at start-up.</summary>
    public static IServiceCollection AddVimercateOptions(this IServiceCollection services)
    {
        services.AddOptions<ServiceOptions>().BindConfiguration(ServiceOptions.Section).ValidateOnStart();
        services.AddOptions<WhatsAppOptions>().BindConfiguration(WhatsAppOptions.Section).ValidateOnStart();
        services.AddOptions<AudienceOptions>().BindConfiguration(AudienceOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ServiceOptions>, ServiceOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WhatsAppOptions>, WhatsAppOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AudienceOptions>, AudienceOptionsValidator>());
        return services;
    }
}
