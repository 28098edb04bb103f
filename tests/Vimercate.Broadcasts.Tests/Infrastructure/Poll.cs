using System.Diagnostics;

namespace Vimercate.Broadcasts.Tests.Infrastructure;

/// <summary>Bounded polling for effects that happen after a call returned (campaigns send on grain timers).</summary>
public static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(25);

    /// <summary>Probes until <paramref name="done"/> holds and returns the last probe; fails naming <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0.#} s for {what}; last value: {value}");
            }

            await Task.Delay(Interval);
        }
    }

    /// <summary>Waits until a condition holds; fails naming <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan timeout) =>
        UntilAsync(() => Task.FromResult(condition()), ok => ok, what, timeout);
}
