using Vimercate.Abstractions;
using Vimercate.Broadcasts.Tests.Infrastructure;
using Vimercate.Storage;

namespace Vimercate.Broadcasts.Tests;

[Collection(SendingCollection.Name)]
public sealed class AudienceTests(SendingCluster fixture)
{
    private TestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task AnOptInWhoseWriteFailsIsNotInTheAudienceAndItsRetryIs()
    {
        var number = Audiences.Numbers(1, first: 8_100_000)[0];
        var shard = Cluster.ShardOf(number);
        var before = await shard.CountAsync();

        Cluster.Faults.FailNextWrites(StoreKind.Audience);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => shard.AddAsync(number));

        Assert.False(await shard.ContainsAsync(number));
        Assert.Equal(before, await shard.CountAsync());
        await shard.AddAsync(number);
        await Cluster.CollectActivationsAsync();
        Assert.True(await shard.ContainsAsync(number));
        Assert.Equal(before + 1, await shard.CountAsync());
    }

    [Fact]
    public async Task AnOptOutWhoseWriteFailedIsRemovedForGoodWhenMetaDeliversItAgain()
    {
        var number = Audiences.Numbers(1, first: 8_200_000)[0];
        var shard = Cluster.ShardOf(number);
        await shard.AddAsync(number);

        Cluster.Faults.FailNextWrites(StoreKind.Audience);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => shard.RemoveAsync(number));
        Assert.True(await shard.ContainsAsync(number));
        await shard.RemoveAsync(number);

        await Cluster.CollectActivationsAsync();
        Assert.False(await shard.ContainsAsync(number));
        Assert.DoesNotContain(number, await shard.GetMembersAfterAsync(number - 1, 10));
    }

    [Fact]
    public async Task TheWalkReadsAShardInAscendingPagesAfterTheCursor()
    {
        var numbers = Audiences.Numbers(400, first: 8_300_000);
        await Cluster.SubscribeAsync(numbers);
        var shardOfFirst = Audience.AudienceSharding.ShardOf(numbers[0], Cluster.Settings.ShardCount);
        var mine = numbers.Where(n => Audience.AudienceSharding.ShardOf(n, Cluster.Settings.ShardCount) == shardOfFirst).Order().ToArray();
        var shard = Cluster.ShardOf(numbers[0]);
        await Cluster.CollectActivationsAsync();

        var first = await shard.GetMembersAfterAsync(mine[0] - 1, 3);
        var next = await shard.GetMembersAfterAsync(first[^1], 3);

        Assert.Equal(mine[..3], first);
        Assert.Equal(mine[3..6], next);
        Assert.Empty(await shard.GetMembersAfterAsync(ulong.MaxValue - 1, 3));
    }
}
