using Vimercate.Abstractions;

namespace Vimercate.Audience;

/// <summary>Which audience shard holds a number: a stable hash, the same on every silo and every run.</summary>
public static class AudienceSharding
{
    /// <summary>The shard (0..<paramref name="shardCount"/>-1) of a number key (<see cref="PhoneNumbers.ToKey"/>).</summary>
    public static int ShardOf(ulong number, int shardCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        return (int)(Mix(number) % (ulong)shardCount);
    }

    /// <summary>The shard grain that holds a number.</summary>
    public static IAudienceShardGrain GetAudienceShard(this IGrainFactory grains, ulong number, int shardCount) =>
        grains.GetGrain<IAudienceShardGrain>(ShardOf(number, shardCount));

    // The splitmix64 finaliser: numbers of one prefix (one country, one operator) spread evenly over the shards.
    private static ulong Mix(ulong value)
    {
        var z = value + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
