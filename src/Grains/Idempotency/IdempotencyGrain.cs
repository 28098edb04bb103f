using Vimercate.Storage;

namespace Vimercate.Idempotency;

/// <summary>Remembers, durably and before any side effect, which campaign an idempotency key stands for.</summary>
[GrainType("idempotency")]
internal sealed class IdempotencyGrain(
    [PersistentState("idempotency")] IPersistentState<IdempotencyState> state,
    TimeProvider timeProvider) : Grain, IIdempotencyGrain
{
    public Task<IdempotencyRecord?> GetAsync() => Task.FromResult(state.State.Record);

    public async Task<IdempotencyRecord> ClaimAsync(IdempotencyRecord candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (state.State.Record is { } existing)
        {
            return existing;
        }

        state.State.Record = candidate;
        state.State.ClaimedAt = timeProvider.GetUtcNow();

        // Whether a failed claim was stored is unknown: the next activation reads storage, which decides for the retry.
        await state.WriteOrDropAsync(this);
        return candidate;
    }
}
