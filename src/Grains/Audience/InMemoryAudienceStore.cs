namespace Vimercate.Audience;

/// <summary>The audience in process memory, for embedded defaults: lost on exit, like the rest of the embedded state.</summary>
public sealed class InMemoryAudienceStore : IAudienceStore
{
    private readonly Dictionary<int, List<ulong>> _shards = [];
    private readonly Lock _gate = new();

    /// <summary>Whether a shard holds a number now.</summary>
    public bool Contains(int shard, ulong number)
    {
        lock (_gate)
        {
            return _shards.TryGetValue(shard, out var numbers) && numbers.BinarySearch(number) >= 0;
        }
    }

    /// <inheritdoc />
    public Task<List<ulong>> LoadAsync(int shard, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_shards.TryGetValue(shard, out var numbers) ? new List<ulong>(numbers) : []);
        }
    }

    /// <inheritdoc />
    public Task AddAsync(int shard, ulong number, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            new AudienceMembers(Shard(shard)).Add(number);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task RemoveAsync(int shard, ulong number, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            new AudienceMembers(Shard(shard)).Remove(number);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task AddRangeAsync(int shard, IReadOnlyCollection<ulong> numbers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        lock (_gate)
        {
            var members = Shard(shard);
            members.AddRange(numbers);
            members.Sort();
            var distinct = members.Distinct().ToList();
            members.Clear();
            members.AddRange(distinct);
        }

        return Task.CompletedTask;
    }

    private List<ulong> Shard(int shard)
    {
        if (!_shards.TryGetValue(shard, out var numbers))
        {
            _shards[shard] = numbers = [];
        }

        return numbers;
    }
}
