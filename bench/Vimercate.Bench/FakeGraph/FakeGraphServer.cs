using Vimercate.Testing.Graph;

namespace Vimercate.Bench.FakeGraph;

/// <summary>
/// The <c>fake-graph</c> child process: the test kit's <see cref="FakeGraphApi"/> keeping counters only (no per-request
/// record, so it stays as fast as Kestrel allows), plus control routes under <c>/_fake/</c> that read the counters, reset
/// them and set error injection and latency.
/// </summary>
public static class FakeGraphServer
{
    /// <summary>Runs until <paramref name="stop"/> fires; prints <c>READY http://127.0.0.1:PORT</c> once listening.</summary>
    public static async Task<int> RunAsync(CancellationToken stop)
    {
        FakeGraphApi? api = null;
        api = await FakeGraphApi.StartAsync(new FakeGraphOptions { KeepRequests = false, OtherRequests = context => ControlAsync(context, api!) });
        await using (api)
        {
            Console.Out.WriteLine($"READY {api.BaseUrl}");
            await Console.Out.FlushAsync(stop);
            try
            {
                await Task.Delay(Timeout.Infinite, stop);
            }
            catch (OperationCanceledException)
            {
            }
        }

        return 0;
    }

    private static async Task ControlAsync(HttpContext context, FakeGraphApi api)
    {
        switch (context.Request.Path.Value)
        {
            case "/_fake/stats":
                await context.Response.WriteAsJsonAsync(api.Counters(), BenchJson.Default.GraphCounters);
                return;
            case "/_fake/reset" when HttpMethods.IsPost(context.Request.Method):
                api.Reset();
                api.Latency = GraphLatency.None;
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            case "/_fake/behaviour" when HttpMethods.IsPost(context.Request.Method):
                var behaviour = await context.Request.ReadFromJsonAsync(BenchJson.Default.FakeGraphBehaviour) ?? FakeGraphBehaviour.Default;
                api.ClearPlans();
                if (behaviour.ErrorEvery > 0)
                {
                    api.AnswerEvery(behaviour.ErrorEvery, GraphAnswer.Fail(new GraphError(behaviour.ErrorStatus, behaviour.ErrorCode, "Injected error")));
                }

                var latency = TimeSpan.FromMilliseconds(behaviour.LatencyMs);
                api.Latency = new GraphLatency(latency, latency);
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            case "/_fake/arrivals" when HttpMethods.IsPost(context.Request.Method):
                var recipients = await context.Request.ReadFromJsonAsync(BenchJson.Default.UInt64Array) ?? [];
                await context.Response.WriteAsJsonAsync(api.FirstArrivalsOf(recipients), BenchJson.Default.Int64Array);
                return;
            default:
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
        }
    }
}

/// <summary>How the fake answers: every <see cref="ErrorEvery"/>-th request fails with Meta's error <see cref="ErrorCode"/>; every answer waits <see cref="LatencyMs"/>.</summary>
/// <param name="ErrorEvery">0: never fail.</param>
/// <param name="ErrorStatus">HTTP status of the injected errors.</param>
/// <param name="ErrorCode">Meta's error code in the injected error body.</param>
/// <param name="LatencyMs">Added to every answer, like the real API's processing time.</param>
public sealed record FakeGraphBehaviour(int ErrorEvery, int ErrorStatus, int ErrorCode, int LatencyMs)
{
    /// <summary>Accept everything at once.</summary>
    public static FakeGraphBehaviour Default { get; } = new(0, 500, 131000, 0);
}
