using Vimercate.Audience;

namespace Vimercate.Broadcasts.Tests.Infrastructure;

/// <summary>Which store a fault is for.</summary>
public enum StoreKind
{
    /// <summary>The audience shards' members.</summary>
    Audience,

    /// <summary>The campaigns' recipient records.</summary>
    Recipients,
}

/// <summary>Writes to the broadcast stores that a test makes fail, as a database that refuses them would.</summary>
public sealed class StoreFaults
{
    private readonly int[] _failing = new int[2];

    /// <summary>The next <paramref name="count"/> writes to <paramref name="store"/> fail.</summary>
    public void FailNextWrites(StoreKind store, int count = 1) => Interlocked.Exchange(ref _failing[(int)store], count);

    /// <summary>Throws when a write is to fail; called by the stores before each write.</summary>
    public void BeforeWrite(StoreKind store)
    {
        ref var failing = ref _failing[(int)store];
        if (Interlocked.Decrement(ref failing) >= 0)
        {
            throw new IOException($"The {store} store refused the write.");
        }

        Interlocked.Exchange(ref failing, 0);
    }
}

/// <summary>The cluster's shared audience store, with the writes a test makes fail.</summary>
public sealed class FaultingAudienceStore(IAudienceStore inner, StoreFaults faults) : IAudienceStore
{
    /// <inheritdoc />
    public Task<List<ulong>> LoadAsync(int shard, CancellationToken cancellationToken = default) => inner.LoadAsync(shard, cancellationToken);

    /// <inheritdoc />
    public Task AddAsync(int shard, ulong number, CancellationToken cancellationToken = default)
    {
        faults.BeforeWrite(StoreKind.Audience);
        return inner.AddAsync(shard, number, cancellationToken);
    }

    /// <inheritdoc />
    public Task RemoveAsync(int shard, ulong number, CancellationToken cancellationToken = default)
    {
        faults.BeforeWrite(StoreKind.Audience);
        return inner.RemoveAsync(shard, number, cancellationToken);
    }

    /// <inheritdoc />
    public Task AddRangeAsync(int shard, IReadOnlyCollection<ulong> numbers, CancellationToken cancellationToken = default)
    {
        faults.BeforeWrite(StoreKind.Audience);
        return inner.AddRangeAsync(shard, numbers, cancellationToken);
    }
}
