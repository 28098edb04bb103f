using Vimercate.Silo.Tests.Postgres;

namespace Vimercate.Silo.Tests;

[Collection(PostgresCollection.Name)]
public sealed class SiloFailureTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task KilledSiloIsDeclaredDeadInTheMembershipTable()
    {
        var clusterId = $"cluster-{Guid.NewGuid():N}";
        var tables = new OrleansTables(database.ConnectionString);
        await using var cluster = await PostgresTestCluster.StartAsync(database.ConnectionString, clusterId, $"service-{Guid.NewGuid():N}", fastFailureDetection: true);
        await Eventually.UntilAsync(
            () => tables.MembersAsync(clusterId),
            rows => rows.Count(row => row.Status == SiloStatus.Active) == 2,
            "two Active silos",
            TimeSpan.FromSeconds(30));
        var victim = cluster.Silos[1];

        await cluster.KillSiloAsync(victim);

        var members = await Eventually.UntilAsync(
            () => tables.MembersAsync(clusterId),
            rows => rows.Any(row => row.Port == victim.SiloAddress.Endpoint.Port && row.Status == SiloStatus.Dead),
            "the killed silo to be declared Dead",
            TimeSpan.FromSeconds(90));
        var survivor = cluster.Silos[0].SiloAddress;
        Assert.Equal(SiloStatus.Active, Assert.Single(members, row => row.Port == survivor.Endpoint.Port).Status);
    }
}
