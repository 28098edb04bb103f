using Vimercate.Abstractions;
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

    [Fact]
    public async Task SubscriberConsentHistorySurvivesAFullRestart()
    {
        var clusterId = $"cluster-{Guid.NewGuid():N}";
        var serviceId = $"service-{Guid.NewGuid():N}";
        const string Number = "393331234567";
        var optIn = new InboundMessage("wamid.RESTART-1", Number, new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero), "text", ["Vimercate Info"]);
        var optOut = new InboundMessage("wamid.RESTART-2", Number, new DateTimeOffset(2026, 3, 9, 8, 0, 0, TimeSpan.Zero), "text", ["stop"]);
        await using (var before = await PostgresTestCluster.StartAsync(database.ConnectionString, clusterId, serviceId))
        {
            var subscriber = before.Client.GetGrain<ISubscriberGrain>(Number);
            Assert.Equal(InboundOutcome.Subscribed, await subscriber.HandleAsync(optIn));
            Assert.Equal(InboundOutcome.Unsubscribed, await subscriber.HandleAsync(optOut));
            await before.StopAllSilosAsync();
        }

        await using var after = await PostgresTestCluster.StartAsync(database.ConnectionString, clusterId, serviceId);
        var view = await after.Client.GetGrain<ISubscriberGrain>(Number).GetAsync();

        Assert.False(view.IsSubscribed);
        Assert.Equal([ConsentAction.OptIn, ConsentAction.OptOut], view.ConsentHistory.Select(entry => entry.Action));
        Assert.Equal(["wamid.RESTART-1", "wamid.RESTART-2"], view.ConsentHistory.Select(entry => entry.Wamid));
        Assert.Equal(optOut.Timestamp, view.LastInboundAt);
        var stateNames = await new OrleansTables(database.ConnectionString).StateNamesAsync(serviceId);
        Assert.Contains("subscriber", stateNames);
        Assert.Contains("audience", stateNames);
    }
}
