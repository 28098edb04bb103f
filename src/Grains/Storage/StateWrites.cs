using Orleans.Storage;

namespace Vimercate.Storage;

/// <summary>
/// Writes of grain state that never leave an activation's memory ahead of its storage: when a write fails, the
/// activation is dropped, so the next call starts from what was stored, and the caller learns it failed.
/// </summary>
public static class StateWrites
{
    /// <summary>Writes the state, or drops the activation and throws <see cref="StorageUnavailableException"/>.</summary>
    public static Task WriteOrDropAsync<TState>(this IPersistentState<TState> state, IGrainBase grain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        return grain.OrDropAsync(() => state.WriteStateAsync(cancellationToken), typeof(TState).Name);
    }

    /// <summary>Clears the state, or drops the activation and throws <see cref="StorageUnavailableException"/>.</summary>
    public static Task ClearOrDropAsync<TState>(this IPersistentState<TState> state, IGrainBase grain, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        return grain.OrDropAsync(() => state.ClearStateAsync(cancellationToken), typeof(TState).Name);
    }

    /// <summary>
    /// Runs a step that changes memory and storage together (several writes, a write and a call); when it fails, the
    /// activation is dropped and a storage failure surfaces as <see cref="StorageUnavailableException"/>.
    /// </summary>
    public static async Task OrDropAsync(this IGrainBase grain, Func<Task> step, string what)
    {
        ArgumentNullException.ThrowIfNull(grain);
        ArgumentNullException.ThrowIfNull(step);
        try
        {
            await step();
        }
        catch (Exception exception)
        {
            grain.DeactivateOnIdle();
            // A stale ETag (another activation wrote) and a refused argument keep their own meaning for the caller.
            if (exception is InconsistentStateException or StorageUnavailableException or ArgumentException or InvalidOperationException)
            {
                throw;
            }

            throw new StorageUnavailableException(what, exception);
        }
    }
}
