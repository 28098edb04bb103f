using Vimercate.Bench.Driver;
using Vimercate.Bench.FakeGraph;
using Vimercate.Bench.Service;

namespace Vimercate.Bench;

/// <summary>
/// <c>quick</c> or <c>full</c> runs every benchmark and writes docs/BENCHMARKS.md. The bench starts itself twice more
/// as child processes: <c>fake-graph</c> (the fake Graph API) and <c>service</c> (the service under test), so that the
/// service, the fake and the load generator each have their own process, heap and thread pool, as in production.
/// </summary>
public static class BenchMain
{
    /// <summary>A child process ends by itself after this long, or as soon as the bench that started it closes its input.</summary>
    private static readonly TimeSpan ChildLifetime = TimeSpan.FromHours(3);

    /// <summary>Entry point.</summary>
    public static async Task<int> Main(string[] args)
    {
        var verb = args.FirstOrDefault() ?? "";
        switch (verb)
        {
            case "fake-graph":
                return await RunChildAsync(FakeGraphServer.RunAsync);
            case "service":
                return await RunChildAsync(ServiceHost.RunAsync);
            case "quick" or "full":
                return await BenchRunner.RunAsync(BenchSize.Of(verb), args[1..]);
            default:
                await Console.Error.WriteLineAsync(
                    "usage: dotnet run -c Release --project bench/Vimercate.Bench -- quick|full [--postgres on|off|auto] [--only NAME[,NAME]] [--out FILE|-] [--service-env KEY=VALUE]...");
                return 2;
        }
    }

    private static async Task<int> RunChildAsync(Func<CancellationToken, Task<int>> run)
    {
        using var stop = new CancellationTokenSource(ChildLifetime);
        var watchInput = Task.Run(async () =>
        {
            while (await Console.In.ReadLineAsync(stop.Token) is not null)
            {
            }

            await stop.CancelAsync();
        });
        var exitCode = await run(stop.Token);
        await stop.CancelAsync();
        await watchInput.ContinueWith(_ => { }, TaskScheduler.Default);
        return exitCode;
    }
}
