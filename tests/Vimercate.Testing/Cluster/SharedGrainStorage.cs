using System.Collections.Concurrent;
using System.Globalization;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace Vimercate.Testing.Cluster;

/// <summary>Grain state kept outside the silos, as a database would: it survives a killed silo and checks ETags.</summary>
public sealed class SharedStore
{
    private long _etag;

    /// <summary>Serialised states by state name and grain.</summary>
    public ConcurrentDictionary<(string Name, GrainId Grain), (byte[] Data, string ETag)> Rows { get; } = new();

    /// <summary>Silos whose process is considered dead: their reads and writes no longer reach the store.</summary>
    public ConcurrentDictionary<string, bool> Dead { get; } = new();

    /// <summary>A fresh ETag.</summary>
    internal string NextETag() => Interlocked.Increment(ref _etag).ToString(CultureInfo.InvariantCulture);

}

/// <summary>One silo's view of the <see cref="SharedStore"/>, serialising with that silo's serializer.</summary>
public sealed class SharedGrainStorage(SharedStore store, Serializer serializer, string silo) : IGrainStorage
{
    /// <inheritdoc />
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        EnsureAlive();
        if (store.Rows.TryGetValue((stateName, grainId), out var row))
        {
            grainState.State = serializer.Deserialize<T>(row.Data);
            grainState.ETag = row.ETag;
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        EnsureAlive();

        var key = (stateName, grainId);
        var data = serializer.SerializeToArray(grainState.State);
        var etag = store.NextETag();
        lock (store)
        {
            var current = store.Rows.TryGetValue(key, out var row) ? row.ETag : null;
            if (current != grainState.ETag)
            {
                throw new InconsistentStateException($"ETag mismatch for {stateName} of {grainId}", current ?? "", grainState.ETag ?? "");
            }

            store.Rows[key] = (data, etag);
        }

        grainState.ETag = etag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        EnsureAlive();

        store.Rows.TryRemove((stateName, grainId), out _);
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
        return Task.CompletedTask;
    }

    // A killed process writes nothing more; without this, its activations would go on writing from beyond the grave.
    private void EnsureAlive()
    {
        if (store.Dead.ContainsKey(silo))
        {
            throw new IOException($"Silo {silo} is dead: its storage connection is gone.");
        }
    }
}
