using Orleans.TestingHost;
using Vimercate.Silo.Tests.Postgres;

namespace Vimercate.Silo.Tests;

/// <summary>Two silos started on a fresh, empty database, shared by the tests of one class.</summary>
public sealed class RunningClusterFixture(PostgresServer server) : IAsyncLifetime
{
    private TestCluster? _cluster;

    /// <summary>The cluster's database.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>Orleans cluster id of the silos.</summary>
    public string ClusterId { get; } = $"cluster-{Guid.NewGuid():N}";

    /// <summary>Orleans service id of the silos.</summary>
    public string ServiceId { get; } = $"service-{Guid.NewGuid():N}";

    /// <summary>The running cluster.</summary>
    public TestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not running.");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        ConnectionString = await server.CreateDatabaseAsync();
        _cluster = await PostgresTestCluster.StartAsync(ConnectionString, ClusterId, ServiceId);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.StopAllSilosAsync();
            await _cluster.DisposeAsync();
        }

        await server.DropDatabaseAsync(ConnectionString);
    }
}
