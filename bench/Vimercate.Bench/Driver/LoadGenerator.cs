using System.Diagnostics;
using System.Net;

namespace Vimercate.Bench.Driver;

/// <summary>What one load run did: answered requests by outcome, and how long it took.</summary>
/// <param name="Sent">Requests sent.</param>
/// <param name="Succeeded">Answered with the expected status.</param>
/// <param name="Failed">Answered otherwise, or not at all.</param>
/// <param name="Elapsed">From the first request to the last answer.</param>
/// <param name="FirstFailure">The first unexpected answer, for the report.</param>
public sealed record LoadResult(long Sent, long Succeeded, long Failed, TimeSpan Elapsed, string? FirstFailure)
{
    /// <summary>Answered requests per second.</summary>
    public double Rate => Succeeded / Elapsed.TotalSeconds;
}

/// <summary>HTTP load, bounded in count and in time: closed loop (as fast as answers come) or open loop (a fixed rate).</summary>
public static class LoadGenerator
{
    /// <summary>
    /// <paramref name="concurrency"/> workers each send, wait for the answer, and send the next, until <paramref name="total"/>
    /// requests were sent or <paramref name="limit"/> passed. <paramref name="make"/> builds request number i (0-based).
    /// </summary>
    public static async Task<LoadResult> ClosedLoopAsync(
        HttpClient client, long total, int concurrency, TimeSpan limit, Func<long, HttpRequestMessage> make, Latencies? latencies = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var next = -1L;
        long succeeded = 0, failed = 0;
        string? firstFailure = null;
        var watch = Stopwatch.StartNew();
        var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            long i;
            while ((i = Interlocked.Increment(ref next)) < total && Stopwatch.GetTimestamp() < deadline)
            {
                var start = Stopwatch.GetTimestamp();
                var failure = await SendAsync(client, make(i), expected);
                latencies?.Add(Stopwatch.GetTimestamp() - start);
                if (failure is null)
                {
                    Interlocked.Increment(ref succeeded);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstFailure, failure, null);
                }
            }
        })));
        var sent = Math.Min(Interlocked.Read(ref next), total);
        return new LoadResult(sent, succeeded, failed, watch.Elapsed, firstFailure);
    }

    /// <summary>
    /// Sends <paramref name="rate"/> requests per second for <paramref name="duration"/>, each at its planned time whatever the
    /// answers do (at most <paramref name="maxOutstanding"/> open); latency counts from the planned time, so a stall is
    /// not hidden by the requests it kept from being sent.
    /// </summary>
    public static async Task<LoadResult> OpenLoopAsync(
        HttpClient client, int rate, TimeSpan duration, Func<long, HttpRequestMessage> make, Latencies latencies, int maxOutstanding = 4096, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var total = (long)(rate * duration.TotalSeconds);
        long succeeded = 0, failed = 0;
        string? firstFailure = null;
        var outstanding = new SemaphoreSlim(maxOutstanding);
        var tasks = new List<Task>((int)Math.Min(total, 1_000_000));
        var start = Stopwatch.GetTimestamp();
        var ticksPerRequest = (double)Stopwatch.Frequency / rate;
        var hardStop = start + (long)((duration.TotalSeconds + 30) * Stopwatch.Frequency);
        for (var i = 0L; i < total && Stopwatch.GetTimestamp() < hardStop; i++)
        {
            var planned = start + (long)(i * ticksPerRequest);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), planned);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            if (!await outstanding.WaitAsync(TimeSpan.FromSeconds(30)))
            {
                Interlocked.Increment(ref failed);
                Interlocked.CompareExchange(ref firstFailure, "more than the allowed requests stayed unanswered for 30 s", null);
                continue;
            }

            var request = make(i);
            tasks.Add(Task.Run(async () =>
            {
                try
                {
                    var failure = await SendAsync(client, request, expected);
                    latencies.Add(Stopwatch.GetTimestamp() - planned);
                    if (failure is null)
                    {
                        Interlocked.Increment(ref succeeded);
                    }
                    else
                    {
                        Interlocked.Increment(ref failed);
                        Interlocked.CompareExchange(ref firstFailure, failure, null);
                    }
                }
                finally
                {
                    outstanding.Release();
                }
            }));
        }

        await Task.WhenAll(tasks);
        return new LoadResult(tasks.Count, succeeded, failed, Stopwatch.GetElapsedTime(start), firstFailure);
    }

    private static async Task<string?> SendAsync(HttpClient client, HttpRequestMessage request, HttpStatusCode expected)
    {
        try
        {
            using (request)
            using (var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead))
            {
                return response.StatusCode == expected ? null : $"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return exception.GetType().Name + ": " + exception.Message;
        }
    }
}
