using System.Collections.Concurrent;

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
    // Only keys with a call in flight have a lane; each lane's lock guards what is in it, so keys do not contend.
    private readonly ConcurrentDictionary<TKey, Lane> _lanes = new();

    /// <summary>How many keys have a call in flight.</summary>
    public int Busy => _lanes.Count;

    /// <summary>Hands in items for a key; completes when the call that carried them has completed.</summary>
    public Task EnqueueAsync(TKey key, IReadOnlyList<TItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        while (true)
        {
            var lane = _lanes.GetOrAdd(key, static _ => new Lane());
            Task carried;
            bool start;
            lock (lane)
            {
                if (lane.Closed)
                {
                    continue;
                }

                lane.Waiting.AddRange(items);
                lane.Next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                carried = lane.Next.Task;
                start = !lane.Running;
                lane.Running = true;
            }

            if (start)
            {
                _ = RunAsync(key, lane);
            }

            return carried;
        }
    }

    // Drains a lane: one call at a time with whatever waited; the lane closes and goes away when nothing is left.
    private async Task RunAsync(TKey key, Lane lane)
    {
        while (true)
        {
            List<TItem> batch;
            TaskCompletionSource done;
            lock (lane)
            {
                if (lane.Waiting.Count == 0)
                {
                    lane.Closed = true;
                    _lanes.TryRemove(new KeyValuePair<TKey, Lane>(key, lane));
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

        public bool Running { get; set; }

        public bool Closed { get; set; }
    }
}
