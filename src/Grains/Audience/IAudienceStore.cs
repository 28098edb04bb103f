namespace Vimercate.Audience;

/// <summary>Where audience shards keep their numbers: one row per member (docs/design/broadcasts.md).</summary>
public interface IAudienceStore
{
    /// <summary>The numbers of one shard, ascending.</summary>
    Task<List<ulong>> LoadAsync(int shard, CancellationToken cancellationToken = default);

    /// <summary>Adds a number to its shard; nothing changes when it is there already.</summary>
    Task AddAsync(int shard, ulong number, CancellationToken cancellationToken = default);

    /// <summary>Removes a number from its shard; nothing changes when it is not there.</summary>
    Task RemoveAsync(int shard, ulong number, CancellationToken cancellationToken = default);

    /// <summary>Adds many numbers of one shard at once (an audience kept in an earlier layout, a benchmark's fill).</summary>
    Task AddRangeAsync(int shard, IReadOnlyCollection<ulong> numbers, CancellationToken cancellationToken = default);
}
