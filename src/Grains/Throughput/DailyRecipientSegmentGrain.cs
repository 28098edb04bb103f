using Vimercate.Storage;

namespace Vimercate.Throughput;

/// <summary>One stored segment of counted numbers of the daily recipient limit (docs/design/limiter.md).</summary>
[GrainType("dailyrecipientsegment")]
public sealed class DailyRecipientSegmentGrain(
    [PersistentState("daily-recipient-segment")] IPersistentState<DailyRecipientSegmentState> state) : Grain, IDailyRecipientSegmentGrain
{
    /// <inheritdoc />
    public Task AppendAsync(DailyEntries entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        state.State.Numbers.AddRange(entries.Numbers);
        state.State.Minutes.AddRange(entries.Minutes);
        return state.WriteOrDropAsync(this);
    }

    /// <inheritdoc />
    public Task<DailyEntries> ReadAsync() => Task.FromResult(new DailyEntries([.. state.State.Numbers], [.. state.State.Minutes]));

    /// <inheritdoc />
    public async Task ClearAsync()
    {
        await state.ClearOrDropAsync(this);
        DeactivateOnIdle();
    }
}
