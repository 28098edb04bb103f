using Vimercate.Silo.Tests.Postgres;
using Vimercate.Silo.Tests.TestGrains;

namespace Vimercate.Silo.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PostgresClusterTests(RunningClusterFixture fixture) : IClassFixture<RunningClusterFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly OrleansTables _tables = new(fixture.ConnectionString);

    [Fact]
    public async Task SilosStartedOnAnEmptyDatabaseAreBothActiveInTheMembershipTable()
    {
        var members = await Eventually.UntilAsync(
            () => _tables.MembersAsync(fixture.ClusterId),
            rows => rows.Count == 2 && rows.All(row => row.Status == SiloStatus.Active),
            "two Active silos in the membership table",
            Timeout);

        var silos = fixture.Cluster.Silos.Select(silo => (silo.SiloAddress.Endpoint.Port, silo.SiloAddress.Generation)).Order().ToList();
        Assert.Equal(silos, members.Select(row => (row.Port, row.Generation)).Order().ToList());
    }

    [Fact]
    public async Task GrainStateIsReadBackFromTheDatabaseAfterDeactivation()
    {
        var key = $"note-{Guid.NewGuid():N}";
        var note = fixture.Cluster.Client.GetGrain<INoteGrain>(key);
        await note.WriteAsync("Chiusura via Cavour");
        await note.WriteAsync("Chiusura via Cavour, riapre alle 18");

        await fixture.Cluster.DeactivateAsync(note);

        Assert.Equal("Chiusura via Cavour, riapre alle 18", await note.ReadAsync());
        Assert.Equal(["note"], await _tables.StateNamesAsync(fixture.ServiceId, key));
    }

    [Fact]
    public async Task RegisteredReminderIsStoredInTheDatabaseAndFires()
    {
        var key = $"alarm-{Guid.NewGuid():N}";
        var alarm = fixture.Cluster.Client.GetGrain<IAlarmGrain>(key);

        await alarm.SetAsync("wake-up", TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));

        var reminder = Assert.Single(await _tables.RemindersAsync(fixture.ServiceId), row => row.GrainId.EndsWith(key, StringComparison.Ordinal));
        Assert.Equal("wake-up", reminder.ReminderName);
        Assert.Equal(TimeSpan.FromMinutes(1), reminder.Period);
        await Eventually.UntilAsync(alarm.GetRingsAsync, rings => rings >= 1, "the reminder to fire", Timeout);
    }
}
