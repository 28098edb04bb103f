using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Vimercate.Broadcasts.Tests;

public sealed class CoalescingDispatcherTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task StatusesArrivingWhileAShardWritesShareItsNextWriteAndEachWaitsForTheWriteCarryingIt()
    {
        var shard = new ScriptedShard();
        var dispatcher = new CoalescingDispatcher<string, int>(shard.WriteAsync);

        var first = dispatcher.EnqueueAsync("c/1", [1]);
        var firstWrite = await shard.NextCallAsync();
        var second = dispatcher.EnqueueAsync("c/1", [2]);
        var third = dispatcher.EnqueueAsync("c/1", [3, 4]);

        Assert.Equal([1], firstWrite.Items);
        Assert.False(first.IsCompleted);
        firstWrite.Complete();
        await first.WaitAsync(Patience);
        var secondWrite = await shard.NextCallAsync();
        Assert.Equal([2, 3, 4], secondWrite.Items);
        Assert.False(second.IsCompleted || third.IsCompleted);
        secondWrite.Complete();
        await Task.WhenAll(second, third).WaitAsync(Patience);
        Assert.Equal(0, dispatcher.Busy);
        Assert.Equal(2, shard.Calls);
    }

    [Fact]
    public async Task AFailedWriteFailsOnlyTheWebhooksItCarriedAndTheNextOneGoesThrough()
    {
        var shard = new ScriptedShard();
        var dispatcher = new CoalescingDispatcher<string, int>(shard.WriteAsync);

        var first = dispatcher.EnqueueAsync("c/1", [1]);
        var firstWrite = await shard.NextCallAsync();
        var second = dispatcher.EnqueueAsync("c/1", [2]);
        firstWrite.Complete();
        var secondWrite = await shard.NextCallAsync();
        secondWrite.Fail(new TimeoutException("storage"));

        await first.WaitAsync(Patience);
        await Assert.ThrowsAsync<TimeoutException>(() => second.WaitAsync(Patience));
        var again = dispatcher.EnqueueAsync("c/1", [2]);
        var thirdWrite = await shard.NextCallAsync();
        Assert.Equal([2], thirdWrite.Items);
        thirdWrite.Complete();
        await again.WaitAsync(Patience);
    }

    [Fact]
    public async Task ShardsDoNotWaitForEachOther()
    {
        var shard = new ScriptedShard();
        var dispatcher = new CoalescingDispatcher<string, int>(shard.WriteAsync);

        var one = dispatcher.EnqueueAsync("c/1", [1]);
        var two = dispatcher.EnqueueAsync("c/2", [2]);
        var calls = new[] { await shard.NextCallAsync(), await shard.NextCallAsync() };
        Assert.Equal(["c/1", "c/2"], calls.Select(c => c.Key).Order());
        Assert.Equal(2, dispatcher.Busy);
        calls.Single(c => c.Key == "c/2").Complete();
        await two.WaitAsync(Patience);
        Assert.False(one.IsCompleted);
        calls.Single(c => c.Key == "c/1").Complete();
        await one.WaitAsync(Patience);
    }

    [Fact]
    public async Task ManyConcurrentWebhooksForOneShardWaitingOnOneWriteShareTheNext()
    {
        var applied = new ConcurrentBag<int>();
        var writes = 0;
        var firstWrite = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var dispatcher = new CoalescingDispatcher<string, int>(async (_, items) =>
        {
            if (Interlocked.Increment(ref writes) == 1)
            {
                await firstWrite.Task;
            }

            foreach (var item in items)
            {
                applied.Add(item);
            }
        });

        var webhooks = await Task.WhenAll(Enumerable.Range(0, 500).Select(i => Task.Run<Task>(() => dispatcher.EnqueueAsync("c/1", [i]))));
        firstWrite.SetResult();
        await Task.WhenAll(webhooks).WaitAsync(Patience);

        Assert.Equal(Enumerable.Range(0, 500), applied.Order());
        Assert.Equal(2, writes);
    }

    private sealed class ScriptedShard
    {
        private readonly Channel<Call> _calls = Channel.CreateUnbounded<Call>();
        private int _made;

        public int Calls => _made;

        public Task WriteAsync(string key, IReadOnlyList<int> items)
        {
            Interlocked.Increment(ref _made);
            var call = new Call(key, [.. items]);
            _calls.Writer.TryWrite(call);
            return call.Done.Task;
        }

        public Task<Call> NextCallAsync() => _calls.Reader.ReadAsync().AsTask().WaitAsync(Patience);

        public sealed record Call(string Key, int[] Items)
        {
            public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

            public void Complete() => Done.SetResult();

            public void Fail(Exception exception) => Done.SetException(exception);
        }
    }
}
