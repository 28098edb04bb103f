using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Runtime.MembershipService;
using Orleans.Storage;
using Vimercate.Hosting;
using Vimercate.Silo.Tests.Postgres;
using Vimercate.Silo.Tests.TestGrains;

namespace Vimercate.Silo.Tests;

/// <summary>
/// The three ADO.NET providers used directly on our schema, with identities of their own so that the running
/// cluster's rows are not touched: optimistic concurrency, clearing, ring ranges and membership clean-up.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ProviderContractTests(RunningClusterFixture fixture) : IClassFixture<RunningClusterFixture>
{
    private const string StateName = "contract";

    private IServiceProvider Silo => fixture.Cluster.GetSiloServiceProvider();

    public static TheoryData<string> KeyShapes => ["string", "integer", "guid", "guid+extension"];

    [Theory]
    [MemberData(nameof(KeyShapes))]
    public async Task GrainStateVersionsRefuseStaleWritesForEveryKeyShape(string shape)
    {
        var storage = Silo.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
        var grain = NewGrainId(shape);

        var missing = new GrainState<NoteState>(new NoteState());
        await storage.ReadStateAsync(StateName, grain, missing);
        Assert.Null(missing.ETag);
        Assert.False(missing.RecordExists);

        var writer = new GrainState<NoteState>(new NoteState { Text = "prima" });
        await storage.WriteStateAsync(StateName, grain, writer);
        var firstEtag = writer.ETag;
        writer.State = new NoteState { Text = "seconda" };
        await storage.WriteStateAsync(StateName, grain, writer);
        Assert.NotEqual(firstEtag, writer.ETag);

        var stale = new GrainState<NoteState>(new NoteState { Text = "vecchia" }) { ETag = firstEtag };
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, stale));
        var concurrentInsert = new GrainState<NoteState>(new NoteState { Text = "doppia" });
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, grain, concurrentInsert));

        var reader = new GrainState<NoteState>(new NoteState());
        await storage.ReadStateAsync(StateName, grain, reader);
        Assert.Equal("seconda", reader.State?.Text);
        Assert.Equal(writer.ETag, reader.ETag);
        Assert.True(reader.RecordExists);
    }

    [Fact]
    public async Task ClearedGrainStateReadsAsMissingAndCanBeWrittenAgain()
    {
        var storage = Silo.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
        var grain = NewGrainId("string");
        var state = new GrainState<NoteState>(new NoteState { Text = "da cancellare" });
        await storage.WriteStateAsync(StateName, grain, state);
        var beforeClear = new GrainState<NoteState>(new NoteState()) { ETag = state.ETag, RecordExists = true };

        await storage.ClearStateAsync(StateName, grain, state);

        var cleared = new GrainState<NoteState>(new NoteState());
        await storage.ReadStateAsync(StateName, grain, cleared);
        Assert.False(cleared.RecordExists);
        Assert.Null(cleared.State?.Text);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync(StateName, grain, beforeClear));
        cleared.State = new NoteState { Text = "di nuovo" };
        await storage.WriteStateAsync(StateName, grain, cleared);
        var reread = new GrainState<NoteState>(new NoteState());
        await storage.ReadStateAsync(StateName, grain, reread);
        Assert.Equal("di nuovo", reread.State?.Text);
    }

    [Fact]
    public async Task RemindersAreReadBackByGrainByNameAndByRingRange()
    {
        var table = NewReminderTable();
        await table.StartAsync(CancellationToken.None);
        var entries = new List<ReminderEntry>();
        for (var i = 0; i < 48; i++)
        {
            var entry = new ReminderEntry
            {
                GrainId = GrainId.Create("contract", $"reminder-{i}"),
                ReminderName = "tick",
                StartAt = DateTime.UtcNow,
                Period = TimeSpan.FromMinutes(1 + i),
            };
            entry.ETag = await table.UpsertRow(entry);
            entries.Add(entry);
        }

        (uint Begin, uint End)[] ranges =
        [
            (0x10000000, 0x90000000), (0x90000000, 0x10000000), (0x20000000, 0x60000000),
            (0xA0000000, 0xF0000000), (0xF0000000, 0x20000000), (0x40000000, 0x40000000),
        ];
        foreach (var (begin, end) in ranges)
        {
            var expected = entries.Where(entry => InRing(entry.GrainId.GetUniformHashCode(), begin, end)).Select(entry => entry.GrainId).Order();
            var actual = (await table.ReadRows(begin, end)).Reminders.Select(entry => entry.GrainId).Order();
            Assert.Equal(expected, actual);
        }

        var first = entries[0];
        var byGrain = Assert.Single((await table.ReadRows(first.GrainId)).Reminders);
        Assert.Equal(TimeSpan.FromMinutes(1), byGrain.Period);
        var staleEtag = first.ETag!;
        first.Period = TimeSpan.FromHours(2);
        var newEtag = await table.UpsertRow(first);
        Assert.NotNull(newEtag);
        Assert.NotEqual(staleEtag, newEtag);
        Assert.Equal(TimeSpan.FromHours(2), (await table.ReadRow(first.GrainId, "tick"))?.Period);
        Assert.False(await table.RemoveRow(first.GrainId, "tick", staleEtag));
        Assert.True(await table.RemoveRow(first.GrainId, "tick", newEtag));
        Assert.Null(await table.ReadRow(first.GrainId, "tick"));
    }

    [Fact]
    public async Task MembershipWritesNeedTheCurrentTableVersion()
    {
        var clusterId = $"contract-{Guid.NewGuid():N}";
        var table = NewMembershipTable(clusterId);
        await table.InitializeMembershipTableAsync(true, CancellationToken.None);
        await table.InitializeMembershipTableAsync(true, CancellationToken.None);
        var empty = await table.ReadAllAsync(CancellationToken.None);
        Assert.Empty(empty.Members);
        Assert.Equal(0, empty.Version.Version);

        var first = Member(40001, SiloStatus.Joining, DateTime.UtcNow);
        Assert.True(await table.InsertRowAsync(first, empty.Version.Next(), CancellationToken.None));
        Assert.False(await table.InsertRowAsync(Member(40002, SiloStatus.Joining, DateTime.UtcNow), empty.Version.Next(), CancellationToken.None));
        var afterInsert = await table.ReadAllAsync(CancellationToken.None);
        Assert.False(await table.InsertRowAsync(first, afterInsert.Version.Next(), CancellationToken.None));
        Assert.Equal(afterInsert.Version.Version, (await table.ReadAllAsync(CancellationToken.None)).Version.Version);

        var (row, etag) = Assert.Single((await table.ReadRowAsync(first.SiloAddress, CancellationToken.None)).Members);
        Assert.Empty((await table.ReadRowAsync(Member(40003, SiloStatus.Active, DateTime.UtcNow).SiloAddress, CancellationToken.None)).Members);
        row.Status = SiloStatus.Active;
        Assert.True(await table.UpdateRowAsync(row, etag, afterInsert.Version.Next(), CancellationToken.None));
        Assert.False(await table.UpdateRowAsync(row, etag, afterInsert.Version.Next(), CancellationToken.None));
        var afterUpdate = await table.ReadAllAsync(CancellationToken.None);
        row.IAmAliveTime = DateTime.UtcNow;
        await table.UpdateIAmAliveAsync(row, CancellationToken.None);
        Assert.Equal(afterUpdate.Version.Version, (await table.ReadAllAsync(CancellationToken.None)).Version.Version);
        Assert.Equal(SiloStatus.Active, Assert.Single(afterUpdate.Members).Item1.Status);
    }

    [Fact]
    public async Task DefunctSiloCleanupRemovesOnlyOldDeadSilos()
    {
        var clusterId = $"contract-{Guid.NewGuid():N}";
        var table = NewMembershipTable(clusterId);
        await table.InitializeMembershipTableAsync(true, CancellationToken.None);
        var longAgo = DateTime.UtcNow.AddDays(-30);
        foreach (var member in new[] { Member(41001, SiloStatus.Dead, longAgo), Member(41002, SiloStatus.Active, longAgo), Member(41003, SiloStatus.Dead, DateTime.UtcNow) })
        {
            Assert.True(await table.InsertRowAsync(member, (await table.ReadAllAsync(CancellationToken.None)).Version.Next(), CancellationToken.None));
        }

        await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddDays(-7), CancellationToken.None);

        var left = (await table.ReadAllAsync(CancellationToken.None)).Members.Select(member => member.Item1.SiloAddress.Endpoint.Port).Order();
        Assert.Equal([41002, 41003], left);
        await table.DeleteMembershipTableEntriesAsync(clusterId, CancellationToken.None);
        Assert.Empty(await new OrleansTables(fixture.ConnectionString).MembersAsync(clusterId));
    }

    private static bool InRing(uint hash, uint begin, uint end) =>
        begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

    private static GrainId NewGrainId(string shape) => shape switch
    {
        "string" => GrainId.Create("contract", $"key-{Guid.NewGuid():N}"),
        "integer" => GrainId.Create(GrainType.Create("contract"), GrainIdKeyExtensions.CreateIntegerKey(Random.Shared.NextInt64(1, long.MaxValue))),
        "guid" => GrainId.Create(GrainType.Create("contract"), GrainIdKeyExtensions.CreateGuidKey(Guid.NewGuid())),
        "guid+extension" => GrainId.Create(GrainType.Create("contract"), GrainIdKeyExtensions.CreateGuidKey(Guid.NewGuid(), "estensione")),
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, "Unknown key shape."),
    };

    private static MembershipEntry Member(int port, SiloStatus status, DateTime startTime) => new()
    {
        SiloAddress = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), 1),
        Status = status,
        SiloName = $"contract-{port}",
        HostName = "contract",
        ProxyPort = 0,
        StartTime = startTime,
        IAmAliveTime = startTime,
    };

    private AdoNetClusteringTable NewMembershipTable(string clusterId) => new(
        Silo,
        Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = fixture.ServiceId }),
        Options.Create(new AdoNetClusteringSiloOptions { Invariant = VimercateSiloExtensions.PostgresInvariant, ConnectionString = fixture.ConnectionString }),
        NullLogger<AdoNetClusteringTable>.Instance);

    // The provider's class is internal; a table of its own service id keeps the test rows away from the live reminder service.
    private IReminderTable NewReminderTable()
    {
        var type = typeof(AdoNetReminderTableOptions).Assembly.GetType("Orleans.Runtime.ReminderService.AdoNetReminderTable", throwOnError: true)!;
        return (IReminderTable)Activator.CreateInstance(
            type,
            Options.Create(new ClusterOptions { ClusterId = fixture.ClusterId, ServiceId = $"contract-{Guid.NewGuid():N}" }),
            Options.Create(new AdoNetReminderTableOptions { Invariant = VimercateSiloExtensions.PostgresInvariant, ConnectionString = fixture.ConnectionString }))!;
    }
}
