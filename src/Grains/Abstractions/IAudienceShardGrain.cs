namespace Vimercate.Abstractions;

/// <summary>One shard (key: 0..ShardCount-1) of the set of active numbers; the subscribers' index.</summary>
[Alias("vimercate.IAudienceShardGrain")]
public interface IAudienceShardGrain : IGrainWithIntegerKey
{
    /// <summary>Adds a number; idempotent.</summary>
    Task AddAsync(ulong number);

    /// <summary>Removes a number; idempotent.</summary>
    Task RemoveAsync(ulong number);

    /// <summary>How many numbers the shard holds.</summary>
    Task<int> CountAsync();

    /// <summary>Whether the shard holds the number.</summary>
    Task<bool> ContainsAsync(ulong number);

    /// <summary>Up to <paramref name="max"/> numbers strictly greater than <paramref name="after"/>, ascending: one step of a campaign's walk.</summary>
    Task<ulong[]> GetMembersAfterAsync(ulong after, int max);
}
