using Vimercate.Silo.Tests.Postgres;
using Vimercate.Silo.Tests.TestGrains;

namespace Vimercate.Silo.Tests;

[Collection(PostgresCollection.Name)]
public sealed class RestartTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task StateWrittenBeforeAFullRestartIsReadAfterIt()
    {
        var clusterId = $"cluster-{Guid.NewGuid():N}";
        var serviceId = $"service-{Guid.NewGuid():N}";
        var key = $"note-{Guid.NewGuid():N}";
        await using (var before = await PostgresTestCluster.StartAsync(database.ConnectionString, clusterId, serviceId))
        {
            await before.Client.GetGrain<INoteGrain>(key).WriteAsync("Allerta meteo: vento forte");
            await before.StopAllSilosAsync();
        }

        await using var after = await PostgresTestCluster.StartAsync(database.ConnectionString, clusterId, serviceId);

        Assert.Equal("Allerta meteo: vento forte", await after.Client.GetGrain<INoteGrain>(key).ReadAsync());
        var members = await new OrleansTables(database.ConnectionString).MembersAsync(clusterId);
        Assert.Equal(2, members.Count(row => row.Status == SiloStatus.Dead));
        Assert.Equal(2, members.Count(row => row.Status == SiloStatus.Active));
    }
}
