using System.Diagnostics;

namespace Vimercate.Grains.Tests.Infrastructure;

/// <summary>Bounded polling for effects that happen after a call returned (replies leave on a grain timer).</summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>Probes until <paramref name="done"/> holds and returns the last probe; fails naming <paramref name="what"/> on timeout.</summary>
    public static async Task<T> WaitForAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"Waited {limit.TotalSeconds:0.#} s for {what}; last value: {value}");
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Waits until a condition holds; fails naming <paramref name="what"/> on timeout.</summary>
    public static Task WaitForAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        WaitForAsync(() => Task.FromResult(condition()), ok => ok, what, timeout);
}
