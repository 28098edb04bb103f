using Vimercate.Abstractions;
using Vimercate.Storage;

namespace Vimercate.Statistics;

/// <summary>Counts one part of one day's consent changes; holds hashes of message ids, never numbers.</summary>
[GrainType("subscriberstats")]
internal sealed class SubscriberStatsGrain(
    [PersistentState("subscriber-stats")] IPersistentState<SubscriberStatsState> state) : Grain, ISubscriberStatsGrain
{
    public async Task RecordAsync(ConsentAction action, string wamid)
    {
        ArgumentException.ThrowIfNullOrEmpty(wamid);
        if (!state.State.CountedWamids.Add(WamidHash.Of(wamid)))
        {
            return;
        }

        if (action == ConsentAction.OptIn)
        {
            state.State.OptIns++;
        }
        else
        {
            state.State.OptOuts++;
        }

        await state.WriteOrDropAsync(this);
    }

    public Task<ConsentDayStats> GetAsync() => Task.FromResult(new ConsentDayStats(state.State.OptIns, state.State.OptOuts));
}
