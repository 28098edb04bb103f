using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.TestingHost;
using Vimercate.Hosting;

namespace Vimercate.Silo.Tests;

/// <summary>
/// In-process silos configured like the hosts (<see cref="VimercateSiloExtensions.UseVimercateClustering"/> and
/// <see cref="VimercateSiloExtensions.AddVimercateServices"/>) on PostgreSQL. The test cluster's own membership is
/// off, so the silos and the client find each other through the ADO.NET membership table.
/// </summary>
internal static class PostgresTestCluster
{
    public static async Task<TestCluster> StartAsync(
        string connectionString,
        string clusterId,
        string serviceId,
        bool fastFailureDetection = false,
        IReadOnlyDictionary<string, string>? settings = null,
        Action<TestClusterBuilder>? configure = null)
    {
        var builder = new TestClusterBuilder(initialSilosCount: 2);
        builder.Options.ClusterId = clusterId;
        builder.Options.ServiceId = serviceId;
        builder.Options.UseTestClusterMembership = false;
        builder.Options.ConfigureFileLogging = false;
        builder.Properties["ConnectionStrings:Postgres"] = connectionString;
        builder.Properties["Orleans:ClusterId"] = clusterId;
        builder.Properties["Orleans:ServiceId"] = serviceId;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.Properties[key] = value;
        }

        // Runs before the product's services are added, so that a sender registered here is the one the limiter wraps.
        configure?.Invoke(builder);
        builder.AddSiloBuilderConfigurator<VimercateSilo>();
        if (fastFailureDetection)
        {
            builder.AddSiloBuilderConfigurator<FastFailureDetection>();
        }

        builder.AddClientBuilderConfigurator<AdoNetClient>();
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    private sealed class VimercateSilo : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            // The test cluster gives each silo free ports under its own keys; the hosts read them from Orleans:*.
            var configuration = siloBuilder.Configuration;
            configuration["Orleans:SiloPort"] = configuration["Orleans:Endpoints:SiloPort"];
            configuration["Orleans:GatewayPort"] = configuration["Orleans:Endpoints:GatewayPort"];
            siloBuilder.UseVimercateClustering().AddVimercateServices();
        }
    }

    private sealed class FastFailureDetection : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder.Configure<ClusterMembershipOptions>(options =>
        {
            options.ProbeTimeout = TimeSpan.FromSeconds(1);
            options.NumMissedProbesLimit = 2;
            options.TableRefreshTimeout = TimeSpan.FromSeconds(2);
        });
    }

    private sealed class AdoNetClient : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.UseAdoNetClustering(options =>
            {
                options.Invariant = VimercateSiloExtensions.PostgresInvariant;
                options.ConnectionString = configuration.GetConnectionString(VimercateSiloExtensions.PostgresConnectionName);
            });
    }
}
