namespace Vimercate.Broadcasts;

/// <summary>
/// Coalesces work per key: at most one call per key is in flight, and items that arrive meanwhile ride the next call
/// together. So when status webhooks come in faster than a campaign shard can write, many webhooks share one write
/// instead of queueing a write each.
/// Each caller's task ends with the call that carried its items, its failure included: a caller whose task succeeds
/// has its items applied (for the status router: written), one whose task fails may hand them in again (Meta
/// redelivers a webhook that was not answered 200, and statuses only move forward, so applying twice is harmless).
/// </summary>
/// <typeparam name="TKey">What calls are serialized by (a campaign shard).</typeparam>
/// <typeparam name="TItem">What a call carries.</typeparam>
/// <param name="dispatch">Makes one call for a key with every item waiting for it.</param>
public sealed class CoalescingDispatcher<TKey, TItem>(Func<TKey, IReadOnlyList<TItem>, Task> dispatch)
    where TKey : notnull
{
    // Only keys with a call in flight have a lane; the lock guards the lanes and everything in them.
    private readonly Dictionary<TKey, Lane> _lanes = [];

    /// <summary>How many keys have a call in flight.</summary>
    public int Busy
    {
        get
        {
            lock (_lanes)
            {
                return _lanes.Count;
            }
        }
    }

    /// <summary>Hands in items for a key; completes when the call that carried them has completed.</summary>
    public Task EnqueueAsync(TKey key, IReadOnlyList<TItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        Lane lane;
        Task carried;
        var start = false;
        lock (_lanes)
        {
            if (!_lanes.TryGetValue(key, out lane!))
            {
                _lanes[key] = lane = new Lane();
                start = true;
            }

            lane.Waiting.AddRange(items);
            lane.Next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            carried = lane.Next.Task;
        }

        if (start)
        {
            _ = RunAsync(key, lane);
        }

        return carried;
    }

    // Drains a lane: one call at a time with whatever waited; the lane goes away when nothing is left.
    private async Task RunAsync(TKey key, Lane lane)
    {
        while (true)
        {
            List<TItem> batch;
            TaskCompletionSource done;
            lock (_lanes)
            {
                if (lane.Waiting.Count == 0)
                {
                    _lanes.Remove(key);
                    return;
                }

                (batch, done) = (lane.Waiting, lane.Next!);
                (lane.Waiting, lane.Next) = ([], null);
            }

            try
            {
                await dispatch(key, batch);
                done.SetResult();
            }
            catch (Exception exception)
            {
                done.SetException(exception);
            }
        }
    }

    private sealed class Lane
    {
        public List<TItem> Waiting { get; set; } = [];

        public TaskCompletionSource? Next { get; set; }
    }
}
