using Npgsql;
using Vimercate.Abstractions;
using Vimercate.Audience;
using Vimercate.Silo.Tests.Broadcasting;
using Vimercate.Silo.Tests.Postgres;
using Xunit.Abstractions;

namespace Vimercate.Silo.Tests;

/// <summary>What the broadcast engine writes to PostgreSQL: rows of its own tables, bytes that do not grow with the audience.</summary>
[Collection(PostgresCollection.Name)]
public sealed class BroadcastStorageTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    private const int ShardCount = 4;
    private const int OptIns = 40;

    private static readonly Dictionary<string, string> Settings = new() { ["Audience:ShardCount"] = $"{ShardCount}" };

    [Fact]
    public async Task AnOptInWritesAboutTheSameBytesInAShardOfFiftyThousandAsInAnEmptyOne()
    {
        await using var cluster = await PostgresTestCluster.StartAsync(
            database.ConnectionString, $"cluster-{Guid.NewGuid():N}", $"service-{Guid.NewGuid():N}", settings: Settings);
        var large = NumbersOf(shard: 0, count: 50_000 + OptIns, first: 393_400_000_000UL);
        var small = NumbersOf(shard: 1, count: OptIns, first: 393_500_000_000UL);
        await using (var dataSource = NpgsqlDataSource.Create(database.ConnectionString))
        {
            await new PostgresAudienceStore(dataSource).AddRangeAsync(0, large[OptIns..]);
        }

        var wal = new WriteAheadLog(database.ConnectionString);
        var intoLarge = await wal.BytesDuringAsync(() => OptInAsync(cluster.Client, large[..OptIns]));
        var intoSmall = await wal.BytesDuringAsync(() => OptInAsync(cluster.Client, small));

        output.WriteLine($"bytes per opt-in: {intoLarge / OptIns} into a shard of 50,000, {intoSmall / OptIns} into an empty shard");
        Assert.Equal(50_000 + OptIns, await cluster.Client.GetGrain<IAudienceShardGrain>(0).CountAsync());
        Assert.Equal(OptIns, await cluster.Client.GetGrain<IAudienceShardGrain>(1).CountAsync());
        Assert.InRange(intoLarge / OptIns, 1, 2_000);
        Assert.InRange(intoLarge, 1, (intoSmall * 2) + (OptIns * 200));
    }

    private static async Task OptInAsync(IGrainFactory grains, IEnumerable<ulong> numbers)
    {
        foreach (var number in numbers)
        {
            await grains.GetAudienceShard(number, ShardCount).AddAsync(number);
        }
    }

    private static ulong[] NumbersOf(int shard, int count, ulong first)
    {
        var numbers = new List<ulong>(count);
        for (var candidate = first; numbers.Count < count; candidate++)
        {
            if (AudienceSharding.ShardOf(candidate, ShardCount) == shard)
            {
                numbers.Add(candidate);
            }
        }

        return [.. numbers];
    }
}
