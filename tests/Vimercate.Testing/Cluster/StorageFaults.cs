using System.Collections.Concurrent;
using Orleans.Runtime;
using Orleans.Storage;
using Vimercate.Abstractions;
using Vimercate.Audience;

namespace Vimercate.Testing.Cluster;

/// <summary>When an injected fault strikes: before the operation acts, or after it acted (a crash on the way back).</summary>
public enum FaultTiming
{
    /// <summary>The operation fails and nothing changes.</summary>
    Before,

    /// <summary>The operation acts, then the caller sees a failure.</summary>
    After,
}

/// <summary>Which storage operation a fault strikes.</summary>
public enum StorageOperation
{
    /// <summary>A grain writes its state.</summary>
    Write,

    /// <summary>A grain clears its state.</summary>
    Clear,
}

/// <summary>
/// Fails chosen writes of grain state (and of an audience shard's rows) as PostgreSQL would: refused before anything was stored
/// (<see cref="FaultTiming.Before"/>), or stored with the answer lost on the way back (<see cref="FaultTiming.After"/>).
/// </summary>
public sealed class StorageFaults
{
    private readonly ConcurrentDictionary<(GrainId Grain, StorageOperation Operation), (FaultTiming Timing, int Skip)> _armed = new();
    private IGrainStorage? _storage;

    /// <summary>Arms one fault for <paramref name="grain"/>'s next <paramref name="operation"/>, after letting <paramref name="skip"/> of them pass.</summary>
    public void FailNext(IAddressable grain, StorageOperation operation, FaultTiming timing, int skip = 0) =>
        _armed[(grain.GetGrainId(), operation)] = (timing, skip);

    /// <summary>Whether a fault is still armed for <paramref name="grain"/> (it did not strike yet).</summary>
    public bool IsArmed(IAddressable grain, StorageOperation operation) => _armed.ContainsKey((grain.GetGrainId(), operation));

    /// <summary>Reads what storage holds for <paramref name="grain"/>'s state <paramref name="stateName"/>, as a new activation would.</summary>
    public async Task<T?> StoredAsync<T>(IAddressable grain, string stateName)
        where T : class, new()
    {
        var state = new GrainState<T>();
        await (_storage ?? throw new InvalidOperationException("The silo has not started.")).ReadStateAsync(stateName, grain.GetGrainId(), state);
        return state.RecordExists ? state.State : null;
    }

    /// <summary>Wraps the silo's grain storage.</summary>
    public IGrainStorage Wrap(IGrainStorage inner)
    {
        _storage = inner;
        return new FaultingGrainStorage(inner, this);
    }

    /// <summary>Wraps the silo's audience store: a fault armed for an audience shard grain's writes strikes its rows.</summary>
    public IAudienceStore WrapAudience(IAudienceStore inner, IGrainFactory grains) => new FaultingAudienceStore(inner, this, grains);

    private async Task RunAsync(StorageOperation operation, GrainId grainId, Func<Task> run)
    {
        var timing = Take(grainId, operation);
        if (timing == FaultTiming.Before)
        {
            throw Fault(operation, FaultTiming.Before);
        }

        await run();
        if (timing == FaultTiming.After)
        {
            throw Fault(operation, FaultTiming.After);
        }
    }

    private FaultTiming? Take(GrainId grain, StorageOperation operation)
    {
        while (_armed.TryGetValue((grain, operation), out var armed))
        {
            var key = (grain, operation);
            if (armed.Skip > 0)
            {
                if (_armed.TryUpdate(key, (armed.Timing, armed.Skip - 1), armed))
                {
                    return null;
                }

                continue;
            }

            if (_armed.TryRemove(new KeyValuePair<(GrainId, StorageOperation), (FaultTiming, int)>(key, armed)))
            {
                return armed.Timing;
            }
        }

        return null;
    }

    private static IOException Fault(StorageOperation operation, FaultTiming timing) =>
        new($"Injected storage fault: {operation} {(timing == FaultTiming.Before ? "refused" : "stored, answer lost")}.");

    private sealed class FaultingGrainStorage(IGrainStorage inner, StorageFaults faults) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            inner.ReadStateAsync(stateName, grainId, grainState);

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            faults.RunAsync(StorageOperation.Write, grainId, () => inner.WriteStateAsync(stateName, grainId, grainState));

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            faults.RunAsync(StorageOperation.Clear, grainId, () => inner.ClearStateAsync(stateName, grainId, grainState));

        public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    }

    private sealed class FaultingAudienceStore(IAudienceStore inner, StorageFaults faults, IGrainFactory grains) : IAudienceStore
    {
        public Task<List<ulong>> LoadAsync(int shard, CancellationToken cancellationToken = default) => inner.LoadAsync(shard, cancellationToken);

        public Task AddAsync(int shard, ulong number, CancellationToken cancellationToken = default) =>
            faults.RunAsync(StorageOperation.Write, ShardId(shard), () => inner.AddAsync(shard, number, cancellationToken));

        public Task RemoveAsync(int shard, ulong number, CancellationToken cancellationToken = default) =>
            faults.RunAsync(StorageOperation.Write, ShardId(shard), () => inner.RemoveAsync(shard, number, cancellationToken));

        public Task AddRangeAsync(int shard, IReadOnlyCollection<ulong> numbers, CancellationToken cancellationToken = default) =>
            faults.RunAsync(StorageOperation.Write, ShardId(shard), () => inner.AddRangeAsync(shard, numbers, cancellationToken));

        private GrainId ShardId(int shard) => grains.GetGrain<IAudienceShardGrain>(shard).GetGrainId();
    }
}
