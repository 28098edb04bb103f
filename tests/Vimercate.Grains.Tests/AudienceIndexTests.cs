using Vimercate.Abstractions;
using Vimercate.Audience;
using Vimercate.Grains.Tests.Infrastructure;

namespace Vimercate.Grains.Tests;

/// <summary>The shard function and the compact member set behind the audience index.</summary>
public sealed class AudienceIndexTests
{
    [Theory]
    [InlineData(393331234567UL, 64, 13)]
    [InlineData(393470000001UL, 64, 53)]
    [InlineData(14155550123UL, 64, 38)]
    [InlineData(393331234567UL, 4096, 1677)]
    [InlineData(393331234567UL, 1, 0)]
    public void ShardOfANumberNeverChangesAcrossReleases(ulong number, int shardCount, int shard) =>
        Assert.Equal(shard, AudienceSharding.ShardOf(number, shardCount));

    [Fact]
    public void ConsecutiveNumbersSpreadEvenlyOverTheShards()
    {
        const int shards = 64;
        const int numbers = 64_000;
        var counts = new int[shards];
        for (var i = 0UL; i < numbers; i++)
        {
            counts[AudienceSharding.ShardOf(393330000000UL + i, shards)]++;
        }

        Assert.All(counts, count => Assert.InRange(count, 850, 1150));
    }

    [Fact]
    public void MembersStayOrderedAndAddOrRemoveTwiceChangesNothing()
    {
        var list = new List<ulong>();
        var members = new AudienceMembers(list);

        Assert.True(members.Add(393331234567));
        Assert.True(members.Add(14155550123));
        Assert.False(members.Add(393331234567));
        Assert.True(members.Add(393470000001));
        Assert.True(members.Remove(393470000001));
        Assert.False(members.Remove(393470000001));
        Assert.False(members.Remove(1));

        Assert.Equal([14155550123UL, 393331234567UL], list);
        Assert.Equal(2, members.Count);
        Assert.True(members.Contains(14155550123));
        Assert.False(members.Contains(393470000001));
        Assert.Equal(1, members.IndexOf(393331234567));
    }
}

/// <summary>The audience shard grain on the real runtime.</summary>
[Collection(CitizenCollection.Name)]
public sealed class AudienceShardGrainTests(CitizenCluster cluster)
{
    [Fact]
    public async Task AddingAndRemovingTwiceIsTheSameAsOnce()
    {
        var number = PhoneNumbers.ToKey(CitizenCluster.NewNumber());
        var shard = cluster.Client.GetAudienceShard(number, cluster.ShardCount);
        var before = await shard.CountAsync();

        await shard.AddAsync(number);
        await shard.AddAsync(number);
        Assert.True(await shard.ContainsAsync(number));
        Assert.Equal(before + 1, await shard.CountAsync());

        await shard.RemoveAsync(number);
        await shard.RemoveAsync(number);
        Assert.False(await shard.ContainsAsync(number));
        Assert.Equal(before, await shard.CountAsync());
    }

    [Fact]
    public async Task NumberSentToTheWrongShardIsRefused()
    {
        var number = PhoneNumbers.ToKey(CitizenCluster.NewNumber());
        var wrong = (AudienceSharding.ShardOf(number, cluster.ShardCount) + 1) % cluster.ShardCount;
        var shard = cluster.Client.GetGrain<IAudienceShardGrain>(wrong);

        await Assert.ThrowsAsync<ArgumentException>(() => shard.AddAsync(number));
        Assert.False(await shard.ContainsAsync(number));
    }

    [Fact]
    public async Task MembershipSurvivesDeactivation()
    {
        var number = PhoneNumbers.ToKey(CitizenCluster.NewNumber());
        var shard = cluster.Client.GetAudienceShard(number, cluster.ShardCount);
        await shard.AddAsync(number);

        await cluster.Cluster.DeactivateAsync(shard);

        Assert.True(await shard.ContainsAsync(number));
    }
}
