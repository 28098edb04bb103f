using Vimercate.Abstractions;
using Vimercate.Audience;

namespace Vimercate.Broadcasts.Tests.Infrastructure;

/// <summary>Made-up Italian mobile numbers for a test's audience.</summary>
public static class Audiences
{
    /// <summary><paramref name="count"/> distinct numbers starting at 39 333 <paramref name="first"/>, spread over the shards.</summary>
    public static ulong[] Numbers(int count, ulong first = 1_000_000) =>
        Enumerable.Range(0, count).Select(i => 393_330_000_000UL + first + ((ulong)i * 7)).ToArray();

    /// <summary>The last numbers each shard's walk reaches (numbers ascend), <paramref name="perShard"/> per shard.</summary>
    public static ulong[] WalkedLast(IEnumerable<ulong> numbers, int shardCount, int perShard) =>
        numbers.GroupBy(n => AudienceSharding.ShardOf(n, shardCount)).SelectMany(g => g.OrderDescending().Take(perShard)).ToArray();

    /// <summary>The digits of a number key.</summary>
    public static string Digits(ulong number) => PhoneNumbers.FromKey(number);
}
