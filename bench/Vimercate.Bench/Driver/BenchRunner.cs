using System.Diagnostics;
using System.Globalization;
using Vimercate.Abstractions;
using Vimercate.Testing.Postgres;

namespace Vimercate.Bench.Driver;

/// <summary>Runs every benchmark of one size in order, prints the table and writes docs/BENCHMARKS.md; exit code 1 on any functional failure.</summary>
public static class BenchRunner
{
    /// <summary>Where each benchmark's citizens start, so no two runs in one service share a number.</summary>
    private static readonly ulong FanOutNumbers = Payloads.FirstCitizen;
    private static readonly ulong InboundNumbers = Payloads.FirstCitizen + 100_000_000;
    private static readonly ulong OptInNumbers = Payloads.FirstCitizen + 200_000_000;
    private static readonly ulong MemoryNumbers = Payloads.FirstCitizen + 300_000_000;

    private static readonly string[] Parts = ["baseline", "fanout", "statuses", "inbound", "optin", "memory", "postgres"];

    /// <summary>The PostgreSQL runs' server: <c>VIMERCATE_BENCH_POSTGRES</c>, or a local one with production's durability.</summary>
    private static readonly ThrowawayPostgresOptions PostgresServer = new()
    {
        EnvironmentVariable = "VIMERCATE_BENCH_POSTGRES",
        Durable = true,
        MaxConnections = 300,
        ConnectionSettings = "Maximum Pool Size=200",
    };

    /// <summary>Runs the benchmarks; <paramref name="options"/> are the arguments after quick|full.</summary>
    public static async Task<int> RunAsync(BenchSize size, string[] options)
    {
        var postgres = Option(options, "--postgres") ?? "auto";
        var only = Option(options, "--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? Parts;
        var repository = FindRepository();
        var output = Option(options, "--out") ?? Path.Combine(repository, "docs", "BENCHMARKS.md");
        var logs = Path.Combine(repository, "bench", "results", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        var machine = MachineInfo.Capture();
        var results = new BenchResults();
        for (var i = 0; i < options.Length - 1; i++)
        {
            if (options[i] == "--service-env" && options[i + 1].Split('=', 2) is [var key, var value])
            {
                ServiceProcess.ExtraEnvironment[key] = value;
                results.Note($"Service setting for this run: {key}={value}");
            }
        }

        var started = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        var engine = BroadcastEngineAvailable();
        Console.WriteLine($"Vimercate bench, {size.Name}: {machine.Cores} cores, {machine.Memory}, {machine.Os}, {machine.Runtime}, load {machine.LoadAverage}");
        Console.WriteLine($"Child process logs: {logs}");
        if (!engine)
        {
            results.Note("The broadcast engine (BroadcastGrain) is not in this build: fan-out and first-outbound are not measured.");
        }

        var usePostgres = postgres switch
        {
            "on" => true,
            "off" => false,
            _ => ThrowawayPostgres.Available(PostgresServer),
        };
        if (!usePostgres && only.Contains("postgres"))
        {
            results.Note("PostgreSQL runs skipped: no server (set VIMERCATE_BENCH_POSTGRES or install the postgresql package).");
        }

        try
        {
            await using var graph = await FakeGraphProcess.StartAsync(logs);
            var bench = new Benchmarks(size, results, graph);
            await bench.WarmUpAsync();
            var best = 0.0;
            if (only.Contains("baseline"))
            {
                Section("Baseline: plain HttpClient loop against the fake Graph API");
                foreach (var concurrency in size.BaselineConcurrency)
                {
                    best = Math.Max(best, await bench.BaselineAsync(concurrency, Benchmarks.SyntheticBodyTemplate("bench-baseline"), ""));
                }

                results.Info("baseline", "machine limit (best of the runs above)", Figures.Rate(best, "msg/s"));
            }

            await EmbeddedAsync(size, only, results, graph, bench, engine, best, logs);

            if (only.Contains("memory"))
            {
                Section($"Memory: {Figures.Count(size.MemoryAudience)} subscribers in the audience shards");
                await using var service = await ServiceProcess.StartAsync(graph, null, Path.Combine(logs, "service-memory.log"));
                await bench.MemoryAsync(service, MemoryNumbers);
            }

            if (usePostgres && only.Contains("postgres"))
            {
                await PostgresAsync(size, only, results, graph, bench, engine, best, logs);
            }
        }
        catch (Exception exception) when (exception is InvalidOperationException or HttpRequestException or TaskCanceledException or IOException)
        {
            results.Fail("bench", exception.Message);
        }

        var report = new Report(size, machine, MachineInfo.LoadAverageNow(), started, watch.Elapsed, MachineInfo.Commit(), results, string.Join(' ', Environment.GetCommandLineArgs().Skip(1)));
        report.Print();
        if (output != "-")
        {
            report.Write(output);
            Console.WriteLine($"Written: {output}");
        }

        Console.WriteLine(results.Failures.Count == 0 ? "Bench: no functional failure." : $"Bench: {results.Failures.Count} functional failure(s).");
        return results.Failures.Count == 0 ? 0 : 1;
    }

    private static async Task EmbeddedAsync(
        BenchSize size, string[] only, BenchResults results, FakeGraphProcess graph, Benchmarks bench, bool engine, double best, string logs)
    {
        var webhooksDone = false;
        if (engine && only.Contains("fanout"))
        {
            foreach (var audience in size.FanOutAudiences)
            {
                Section($"Fan-out: emergency to {Figures.Count(audience)} subscribers, embedded");
                await using var service = await ServiceProcess.StartAsync(graph, null, Path.Combine(logs, $"service-fanout-{audience}.log"));
                var fanOut = await bench.FanOutAsync(service, audience, FanOutNumbers);
                if (fanOut is not null)
                {
                    await CompareWithBaselineAsync(results, bench, fanOut, best);
                }

                // The webhooks run on the first fan-out's service, so the statuses are for a campaign it really sent.
                if (!webhooksDone)
                {
                    await WebhooksAsync(only, bench, service, fanOut);
                    webhooksDone = true;
                }
            }
        }

        if (!webhooksDone && (only.Contains("statuses") || only.Contains("inbound") || only.Contains("optin")))
        {
            await using var service = await ServiceProcess.StartAsync(graph, null, Path.Combine(logs, "service-webhooks.log"));
            await WebhooksAsync(only, bench, service, null);
        }
    }

    private static async Task WebhooksAsync(string[] only, Benchmarks bench, ServiceProcess service, FanOutResult? campaign)
    {
        if (only.Contains("statuses"))
        {
            Section("Webhook ingestion: signed status webhooks, embedded");
            await bench.StatusIngestionAsync(service, campaign, bench.Size.StatusUpdates, bench.Size.StatusRateSeconds);
        }

        if (only.Contains("inbound"))
        {
            Section("Webhook ingestion: signed opt-in messages, embedded");
            await bench.InboundIngestionAsync(service, InboundNumbers);
        }

        if (only.Contains("optin"))
        {
            Section("Opt-in latency, embedded");
            await bench.OptInLatencyAsync(service, OptInNumbers);
        }
    }

    private static async Task PostgresAsync(
        BenchSize size, string[] only, BenchResults results, FakeGraphProcess graph, Benchmarks bench, bool engine, double best, string logs)
    {
        Section("PostgreSQL");
        await using var database = await ThrowawayPostgres.StartAsync(PostgresServer);
        results.Note("PostgreSQL runs: one local server with its default durability (fsync and synchronous commit on), schema applied by the service at start-up.");
        await using var service = await ServiceProcess.StartAsync(graph, database.AdminConnectionString, Path.Combine(logs, "service-postgres.log"));
        if (engine && only.Contains("fanout"))
        {
            var offset = 0UL;
            foreach (var audience in size.PostgresFanOutAudiences)
            {
                Section($"Fan-out: emergency to {Figures.Count(audience)} subscribers, PostgreSQL");
                var fanOut = await bench.FanOutAsync(service, audience, FanOutNumbers + offset);
                offset += (ulong)audience;
                if (fanOut is not null)
                {
                    await CompareWithBaselineAsync(results, bench, fanOut, best);
                    if (only.Contains("statuses"))
                    {
                        Section("Webhook ingestion: signed status webhooks, PostgreSQL");
                        await bench.StatusIngestionAsync(service, fanOut, size.PostgresStatusUpdates, size.Name == "full" ? size.StatusRateSeconds : 0);
                    }
                }
            }
        }

        // After the fan-outs: those seed the shards' storage, which needs shards no opt-in has activated yet.
        if (only.Contains("optin"))
        {
            Section("Opt-in latency, PostgreSQL");
            await bench.OptInLatencyAsync(service, OptInNumbers);
        }

    }

    // The baseline right after the service's run, with the service's concurrency and the service's own request body.
    private static async Task CompareWithBaselineAsync(BenchResults results, Benchmarks bench, FanOutResult fanOut, double best)
    {
        var template = fanOut.SampleBody is { } sample ? Benchmarks.BodyTemplateOf(sample) : Benchmarks.SyntheticBodyTemplate(fanOut.CampaignId);
        var concurrency = (int)Math.Clamp(fanOut.PeakInFlight, 1, 4096);
        var same = await bench.BaselineAsync(concurrency, template, ", the service's body and concurrency");
        var ratio = fanOut.Rate / same;
        results.Target(fanOut.Name, "messages/s", Figures.Rate(fanOut.Rate, "msg/s"), "≥ 10,000 msg/s", fanOut.Rate >= 10_000);
        results.Target(fanOut.Name, "share of the baseline in the same run", $"{Figures.Percent(ratio)} of {Figures.Rate(same, "msg/s")}", "≥ 80 %", ratio >= 0.8);
        if (best > 0)
        {
            results.Info(fanOut.Name, "share of the best baseline", $"{Figures.Percent(fanOut.Rate / best)} of {Figures.Rate(best, "msg/s")}");
        }
    }

    private static bool BroadcastEngineAvailable() =>
        typeof(IBroadcastGrain).Assembly.GetTypes().Any(type => type is { IsClass: true, IsAbstract: false } && typeof(IBroadcastGrain).IsAssignableFrom(type));

    private static void Section(string title) => Console.WriteLine($"\n== {title}");

    private static string? Option(string[] options, string name)
    {
        var index = Array.IndexOf(options, name);
        return index >= 0 && index + 1 < options.Length ? options[index + 1] : null;
    }

    private static string FindRepository()
    {
        for (var directory = new DirectoryInfo(Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Vimercate.Orleans.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Run the bench from inside the repository (Vimercate.Orleans.sln not found above the current directory).");
    }
}
