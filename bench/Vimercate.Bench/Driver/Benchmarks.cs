using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Vimercate.Testing.Graph;

namespace Vimercate.Bench.Driver;

/// <summary>The benchmarks: each measures, adds its rows, and checks that nothing was lost.</summary>
public sealed class Benchmarks(BenchSize size, BenchResults results, FakeGraphProcess graph)
{
    /// <summary>Concurrent webhook deliveries of the saturation runs.</summary>
    public const int WebhookConcurrency = 64;

    /// <summary>Requests to the fake before the first timed run.</summary>
    private const int ProcessWarmUp = 150_000;

    /// <summary>Requests each baseline run sends before it starts timing.</summary>
    private const int BaselineWarmUp = 5_000;

    /// <summary>Opt-ins added one by one after the memory measurement, to time the index at that size.</summary>
    private const int MarginalAdds = 2_000;

    private const string EmergencyText =
        "Allerta meteo rossa: esondazione del torrente Molgora prevista nelle prossime ore. Evitate i sottopassi di via Milano e via " +
        "Cadorna, non sostate lungo gli argini, seguite le indicazioni della Protezione Civile. Aggiornamenti su comune.vimercate.mb.it.";

    private static readonly byte[] Secret = Encoding.UTF8.GetBytes(ServiceProcess.AppSecret);

    private static long UnixNow => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>The size of this run.</summary>
    public BenchSize Size => size;

    /// <summary>
    /// A plain HttpClient loop against the fake: <paramref name="concurrency"/> requests at a time, the given body with a new
    /// recipient each time. Returns accepted messages per second.
    /// </summary>
    public async Task<double> BaselineAsync(int concurrency, string bodyTemplate, string label)
    {
        using var client = ServiceProcess.CreateClient(graph.BaseAddress);
        var endpoint = graph.MessagesEndpoint;
        var parts = bodyTemplate.Split("{TO}");
        HttpRequestMessage Make(long i)
        {
            var body = Encoding.UTF8.GetBytes(string.Concat(parts[0], "+", (Payloads.FirstCitizen + (ulong)i).ToString(CultureInfo.InvariantCulture), parts[1]));
            var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "bench-access-token");
            return request;
        }

        // Untimed: opens the connections and lets the JIT reach its optimised code in both processes, as the service's are.
        await LoadGenerator.ClosedLoopAsync(client, BaselineWarmUp, concurrency, size.PhaseLimit, Make);
        await graph.ResetAsync();
        var result = await LoadGenerator.ClosedLoopAsync(client, size.BaselineMessages, concurrency, size.PhaseLimit, Make);
        var stats = await graph.StatsAsync();
        var name = $"baseline HttpClient loop, {concurrency} concurrent{label}";
        results.Check(result.Failed == 0 && result.Refused.Count == 0, name, $"{result.Failed + result.Refused.Count} requests failed ({result.FirstFailure})");
        results.Check(stats.Recipients == result.Succeeded && stats.Duplicates == 0, name, $"the fake counted {stats.Recipients} recipients for {result.Succeeded} answered requests");
        var rate = result.Rate;
        results.Info(name, "messages/s", Figures.Rate(rate, "msg/s"));
        return rate;
    }

    /// <summary>
    /// Brings the bench and the fake to their steady state (optimised JIT code, GC heaps sized) before anything is timed:
    /// without it the first baseline run measured a third of what the same run measured a minute later.
    /// </summary>
    public async Task WarmUpAsync()
    {
        using var client = ServiceProcess.CreateClient(graph.BaseAddress);
        var body = Encoding.UTF8.GetBytes(SyntheticBodyTemplate("bench-warm-up").Replace("{TO}", "+" + Payloads.FirstCitizen.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var warm = await LoadGenerator.ClosedLoopAsync(client, ProcessWarmUp, 64, size.PhaseLimit, _ =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, graph.MessagesEndpoint) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return request;
        });
        results.Check(warm.Failed == 0, "warm-up", $"{warm.Failed} requests to the fake failed ({warm.FirstFailure})");
        await graph.ResetAsync();
    }

    /// <summary>The body the service sends for a campaign, with <c>{TO}</c> where the recipient goes.</summary>
    public static string BodyTemplateOf(string sampleBody)
    {
        // The recipient as the service wrote it (System.Text.Json writes the plus as \u002B): the first "to" value, raw.
        const string Key = "\"to\":\"";
        var start = sampleBody.IndexOf(Key, StringComparison.Ordinal) + Key.Length;
        var end = sampleBody.IndexOf('"', start);
        if (start < Key.Length || end < 0)
        {
            throw new InvalidOperationException($"The service's request body has no recipient: {sampleBody}");
        }

        return string.Concat(sampleBody.AsSpan(0, start), "{TO}", sampleBody.AsSpan(end));
    }

    /// <summary>What the service would send for a campaign before the broadcast engine exists: a template message of the same shape.</summary>
    public static string SyntheticBodyTemplate(string campaignId) =>
        $$$"""{"to":"{TO}","type":"template","template":{"name":"allerta_emergenza","language":{"code":"it"},"components":[{"type":"body","parameters":[{"type":"text","text":"{{{EmergencyText}}}"}]}]},"biz_opaque_callback_data":"{{{campaignId}}}","messaging_product":"whatsapp","recipient_type":"individual"}""";

    /// <summary>
    /// Fills the audience with <paramref name="audience"/> numbers from <paramref name="first"/>, posts an emergency and waits
    /// until it completes: messages per second at the fake, time to the first outbound request, and that every member got
    /// exactly one message.
    /// </summary>
    public async Task<FanOutResult?> FanOutAsync(ServiceProcess service, int audience, ulong first)
    {
        var mode = service.Postgres ? "PostgreSQL" : "embedded";
        var name = $"fan-out {Figures.Count(audience)}, {mode}";
        var fill = await service.FillAudienceAsync(first, audience, throughStorage: true);
        results.Check(fill.ShardTotal >= fill.Added, name, $"the shards hold {fill.ShardTotal} numbers after adding {fill.Added}");
        await graph.ResetAsync();
        var before = await service.StatsAsync();
        var json = $$$"""{"title":"Bench emergenza {{{audience}}}","text":"{{{EmergencyText}}}","category":"emergency","emergencyReason":"Esondazione del Molgora (benchmark)","scheduledAt":null,"media":null}""";
        var posted = Stopwatch.GetTimestamp();
        var (status, body) = await service.CreateCampaignAsync(json);
        var answered = Stopwatch.GetTimestamp();
        if (status != HttpStatusCode.Accepted)
        {
            results.Fail(name, $"POST /api/campaigns answered {(int)status}: {body}");
            return null;
        }

        var id = body.GetProperty("id").GetString()!;
        var timeout = TimeSpan.FromSeconds(120 + (audience / 2_000));
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        JsonElement campaign;
        string campaignStatus;
        do
        {
            await Task.Delay(200);
            campaign = await service.GetCampaignAsync(id);
            campaignStatus = campaign.GetProperty("status").GetString() ?? "";
        }
        while (campaignStatus is not ("completed" or "failed" or "cancelled") && Stopwatch.GetTimestamp() < deadline);

        var done = Stopwatch.GetTimestamp();
        var stats = await graph.StatsAsync();
        var after = await service.StatsAsync();
        var counts = campaign.GetProperty("counts");
        var expected = counts.GetProperty("audience").GetInt64();
        results.Check(campaignStatus == "completed", name, $"the campaign ended {campaignStatus} after {timeout.TotalSeconds:F0} s at most");
        results.Check(expected >= audience, name, $"the campaign's audience is {expected}, fewer than the {audience} numbers added");
        results.Check(stats.Recipients == expected, name, $"{stats.Recipients} of {expected} members got the message");
        results.Check(stats.Duplicates == 0, name, $"{stats.Duplicates} members got the message more than once");
        results.Check(stats.CampaignMessages == stats.Accepted, name, $"{stats.Accepted - stats.CampaignMessages} requests lacked the campaign id");
        results.Check(counts.GetProperty("sent").GetInt64() == expected, name, $"the campaign counts {counts.GetProperty("sent").GetInt64()} sent of {expected}");

        var sendSeconds = (stats.LastAt - stats.FirstAt) / (double)Stopwatch.Frequency;
        var rate = stats.Accepted / sendSeconds;
        var firstOutbound = (stats.FirstAt - posted) * 1000.0 / Stopwatch.Frequency;
        results.Info(name, "202 Accepted after", Figures.Ms((answered - posted) * 1000.0 / Stopwatch.Frequency));
        results.Target(name, "first outbound request after POST", Figures.Ms(firstOutbound), "≤ 1,000 ms", firstOutbound <= 1_000);
        results.Info(name, "POST to completed (polled every 200 ms)", Figures.Ms((done - posted) * 1000.0 / Stopwatch.Frequency));
        results.Info(name, "peak requests in flight at the fake", Figures.Count(stats.PeakInFlight));
        results.Info(name, "peak second at the fake", Figures.Rate(stats.PerSecond.DefaultIfEmpty(0).Max(), "msg/s"));
        results.Info(name, "service CPU / GC pause / allocated",
            $"{Figures.Ms(after.CpuMs - before.CpuMs)} / {Figures.Ms(after.GcPauseMs - before.GcPauseMs)} / {Figures.MiB(after.AllocatedBytes - before.AllocatedBytes)}");
        PerOperation(name, "message", before, after, stats.Accepted);
        results.Info(name, "service garbage collections gen0 / gen1 / gen2",
            $"{after.Gen0Collections - before.Gen0Collections} / {after.Gen1Collections - before.Gen1Collections} / {after.Gen2Collections - before.Gen2Collections}");
        results.Info(name, "service working set / GC heap after", $"{Figures.MiB(after.WorkingSetBytes)} / {Figures.MiB(after.GcHeapBytes)}");
        return new FanOutResult(name, id, rate, stats.PeakInFlight, stats.SampleBody, first, audience);
    }

    /// <summary>
    /// Signed status webhooks, one status each as Meta sends them: a closed-loop run at saturation, then an open-loop run at the
    /// target rate for latency. Each recipient gets sent, delivered and read. Checks that the sink took every status and, when a
    /// campaign is named, that the campaign counted them.
    /// </summary>
    public async Task StatusIngestionAsync(ServiceProcess service, FanOutResult? campaign, int statusUpdates, int pacedSeconds)
    {
        var mode = service.Postgres ? "PostgreSQL" : "embedded";
        var name = $"webhook statuses, {mode}";
        var campaignId = campaign?.CampaignId ?? $"bench-{Guid.NewGuid():N}";
        var first = campaign?.FirstNumber ?? Payloads.FirstCitizen;
        var recipients = campaign?.Audience ?? long.MaxValue;
        string[] names = ["sent", "delivered", "read"];
        long readAcks = 0;
        HttpRequestMessage Make(long i)
        {
            var recipient = first + (ulong)((i / 3) % recipients);
            var body = Payloads.Status($"wamid.bench.{recipient}", names[i % 3], recipient, campaignId, UnixNow);
            return Webhook(body);
        }

        using var client = ServiceProcess.CreateClient(service.BaseAddress);
        var before = await service.StatsAsync();
        var saturation = new Latencies(statusUpdates);
        var closed = await LoadGenerator.ClosedLoopAsync(client, statusUpdates, WebhookConcurrency, size.PhaseLimit, Make, saturation);
        readAcks += closed.Sent / 3;
        var refused = new List<long>(closed.Refused);
        results.Check(closed.Failed == 0, name, $"{closed.Failed} webhooks were not answered 200 ({closed.FirstFailure})");
        results.Target(name, $"saturation, {WebhookConcurrency} concurrent: statuses/s", Figures.Rate(closed.Rate, "statuses/s"), "≥ 5,000/s", closed.Rate >= 5_000);
        results.Info(name, "saturation p50 / p99", $"{Figures.Ms(saturation.Percentile(50))} / {Figures.Ms(saturation.Percentile(99))}");

        var openSucceeded = 0L;
        if (pacedSeconds > 0)
        {
            var offset = closed.Sent + ((3 - (closed.Sent % 3)) % 3);
            var paced = new Latencies(size.StatusRate * pacedSeconds);
            var open = await LoadGenerator.OpenLoopAsync(client, size.StatusRate, TimeSpan.FromSeconds(pacedSeconds), i => Make(offset + i), paced);
            readAcks += open.Sent / 3;
            openSucceeded = open.Succeeded;
            refused.AddRange(open.Refused.Select(i => offset + i));
            results.Check(open.Failed == 0, name, $"{open.Failed} paced webhooks were not answered 200 ({open.FirstFailure})");
            var p99 = paced.Percentile(99);
            results.Info(name, $"paced at {Figures.Count(size.StatusRate)}/s: achieved", Figures.Rate(open.Rate, "statuses/s"));
            results.Info(name, $"paced at {Figures.Count(size.StatusRate)}/s: p50", Figures.Ms(paced.Percentile(50)));
            results.Target(name, $"paced at {Figures.Count(size.StatusRate)}/s: p99", Figures.Ms(p99), "≤ 50 ms", p99 <= 50 && open.Rate >= size.StatusRate * 0.95);
        }

        var redelivered = await RedeliverAsync(name, client, refused, Make);
        readAcks -= redelivered.StillRefused.Count(i => i % 3 == 2);
        var after = await service.StatsAsync();
        var answered = closed.Succeeded + openSucceeded + redelivered.Delivered;
        PerOperation(name, "status", before, after, answered);
        var counted = after.Statuses - before.Statuses;
        results.Target(name, "statuses counted by the service / answered 200", $"{Figures.Count(counted)} / {Figures.Count(answered)}", "none lost", counted == answered);
        results.Check(counted == answered, name, $"the service counted {counted} statuses for {answered} webhooks answered 200");
        if (campaign is not null)
        {
            var read = (await service.GetCampaignAsync(campaign.CampaignId)).GetProperty("counts").GetProperty("read").GetInt64();
            var expected = Math.Min(readAcks, campaign.Audience);
            results.Check(read >= expected, name, $"the campaign counts {read} read, expected at least {expected}");
            results.Info(name, "campaign read count / read statuses sent", $"{Figures.Count(read)} / {Figures.Count(expected)}");
        }
        else
        {
            results.Note("Webhook statuses: without the broadcast engine the statuses are counted where they reach the IDeliveryStatusSink, not in campaign counts.");
        }
    }

    /// <summary>Signed opt-in webhooks from new numbers at saturation; every one must get exactly one welcome at the fake.</summary>
    public async Task InboundIngestionAsync(ServiceProcess service, ulong first)
    {
        var mode = service.Postgres ? "PostgreSQL" : "embedded";
        var name = $"webhook inbound opt-ins, {mode}";
        await graph.ResetAsync();
        using var client = ServiceProcess.CreateClient(service.BaseAddress);
        var latencies = new Latencies(size.InboundMessages);
        var result = await LoadGenerator.ClosedLoopAsync(
            client, size.InboundMessages, WebhookConcurrency, size.PhaseLimit,
            i => Webhook(Payloads.Text(first + (ulong)i, $"wamid.in.{first + (ulong)i}", "Vimercate Info", UnixNow)), latencies);
        results.Check(result.Failed == 0, name, $"{result.Failed} webhooks were not answered 200 ({result.FirstFailure})");
        results.Info(name, $"saturation, {WebhookConcurrency} concurrent: messages/s", Figures.Rate(result.Rate, "msg/s"));
        results.Info(name, "p50 / p99", $"{Figures.Ms(latencies.Percentile(50))} / {Figures.Ms(latencies.Percentile(99))}");
        var redelivered = await RedeliverAsync(name, client, result.Refused,
            i => Webhook(Payloads.Text(first + (ulong)i, $"wamid.in.{first + (ulong)i}", "Vimercate Info", UnixNow)));
        var optedIn = result.Succeeded + redelivered.Delivered;
        var stats = await WaitForRecipientsAsync(optedIn, TimeSpan.FromSeconds(60));
        results.Check(stats.Recipients == optedIn && stats.Duplicates == 0, name,
            $"{stats.Recipients} welcomes ({stats.Duplicates} duplicates) for {optedIn} opt-ins");
    }

    /// <summary>Opt-ins at a steady rate: from sending the signed webhook to the welcome arriving at the fake.</summary>
    public async Task OptInLatencyAsync(ServiceProcess service, ulong first)
    {
        var mode = service.Postgres ? "PostgreSQL" : "embedded";
        var name = $"opt-in → welcome, {mode}";
        await graph.ResetAsync();
        using var client = ServiceProcess.CreateClient(service.BaseAddress);
        var sentAt = new long[size.OptIns];
        var webhook = new Latencies(size.OptIns);
        var result = await LoadGenerator.OpenLoopAsync(client, size.OptInRate, TimeSpan.FromSeconds((double)size.OptIns / size.OptInRate), i =>
        {
            sentAt[i] = Stopwatch.GetTimestamp();
            return Webhook(Payloads.Text(first + (ulong)i, $"wamid.optin.{first + (ulong)i}", "Vimercate Info", UnixNow));
        }, webhook);
        results.Check(result.Failed == 0, name, $"{result.Failed} webhooks were not answered 200 ({result.FirstFailure})");
        var redelivered = await RedeliverAsync(name, client, result.Refused,
            i => Webhook(Payloads.Text(first + (ulong)i, $"wamid.optin.{first + (ulong)i}", "Vimercate Info", UnixNow)));
        await WaitForRecipientsAsync(result.Succeeded + redelivered.Delivered, TimeSpan.FromSeconds(60));
        var numbers = Enumerable.Range(0, (int)result.Sent).Select(i => first + (ulong)i).ToArray();
        var arrivals = await graph.ArrivalsAsync(numbers);
        var latencies = new Latencies(numbers.Length);
        var missing = 0;
        for (var i = 0; i < numbers.Length; i++)
        {
            if (arrivals[i] == 0)
            {
                missing++;
            }
            else
            {
                latencies.Add(arrivals[i] - sentAt[i]);
            }
        }

        results.Check(missing == 0, name, $"{missing} of {numbers.Length} citizens got no welcome");
        var limit = service.Postgres ? 250 : 100;
        results.Info(name, $"{Figures.Count(numbers.Length)} citizens at {size.OptInRate}/s: webhook answered p50 / p99", $"{Figures.Ms(webhook.Percentile(50))} / {Figures.Ms(webhook.Percentile(99))}");
        results.Info(name, "welcome at the fake p50", Figures.Ms(latencies.Percentile(50)));
        results.Target(name, "welcome at the fake p99", Figures.Ms(latencies.Percentile(99)), $"≤ {limit} ms", latencies.Percentile(99) <= limit);
    }

    /// <summary>Resident bytes per active subscriber: a full collection, the audience filled through the shard grains, another full collection.</summary>
    public async Task MemoryAsync(ServiceProcess service, ulong first)
    {
        var mode = service.Postgres ? "PostgreSQL" : "embedded";
        var name = $"memory, {Figures.Count(size.MemoryAudience)} subscribers, {mode}";
        var before = await service.CollectAsync();
        var fill = await service.FillAudienceAsync(first, size.MemoryAudience, throughStorage: true);
        var after = await service.CollectAsync();
        results.Check(fill.ShardTotal == fill.Added, name, $"the shards hold {fill.ShardTotal} numbers after adding {fill.Added}");
        var heap = (after.GcHeapBytes - before.GcHeapBytes) / (double)fill.Added;
        var resident = (after.WorkingSetBytes - before.WorkingSetBytes) / (double)fill.Added;
        results.Info(name, "GC heap before / after", $"{Figures.MiB(before.GcHeapBytes)} / {Figures.MiB(after.GcHeapBytes)}");
        results.Info(name, "working set before / after", $"{Figures.MiB(before.WorkingSetBytes)} / {Figures.MiB(after.WorkingSetBytes)}");
        results.Target(name, "GC heap per subscriber (live bytes after a full compacting collection)", Figures.Bytes(heap), "≤ 64 B", heap <= 64);
        results.Info(name, "working set per subscriber (includes memory the GC keeps committed)", Figures.Bytes(resident));

        // What one more opt-in costs the index at this size: AddAsync rewrites the shard's whole state.
        var beforeAdds = await service.StatsAsync();
        var adds = await service.FillAudienceAsync(first + (ulong)size.MemoryAudience, MarginalAdds, throughStorage: false);
        PerOperation(name, "AddAsync", beforeAdds, await service.StatsAsync(), MarginalAdds);
        results.Check(adds.ShardTotal == fill.Added + MarginalAdds, name, $"the shards hold {adds.ShardTotal} numbers after {MarginalAdds} more adds");
        results.Info(name, $"AddAsync at this size ({Figures.Count(MarginalAdds)} more, all shards at once)", Figures.Rate(MarginalAdds / (adds.ElapsedMs / 1000), "adds/s"));
    }

    // What the service answered 503 is delivered again, as Meta would; still refused after three rounds is a failure.
    private async Task<(long Delivered, IReadOnlyList<long> StillRefused)> RedeliverAsync(
        string name, HttpClient client, IReadOnlyList<long> refused, Func<long, HttpRequestMessage> make)
    {
        if (refused.Count == 0)
        {
            return (0, []);
        }

        var (delivered, last) = await LoadGenerator.RedeliverAsync(client, refused, WebhookConcurrency, size.PhaseLimit, make);
        var still = last?.Refused ?? [];
        results.Info(name, "answered 503 (deliver again), then delivered again", $"{Figures.Count(refused.Count)}, {Figures.Count(delivered)} accepted");
        results.Check(still.Count == 0, name, $"{still.Count} webhooks were still refused with 503 after three deliveries");
        results.Check(last is null || last.Failed == 0, name, $"{last?.Failed} webhooks delivered again failed ({last?.FirstFailure})");
        return (delivered, still);
    }

    // CPU time and allocation per operation: steadier than rates while other work shares the machine.
    private void PerOperation(string name, string operation, Service.ProbeStats before, Service.ProbeStats after, long operations)
    {
        if (operations <= 0)
        {
            return;
        }

        var cpu = (after.CpuMs - before.CpuMs) * 1000 / operations;
        var allocated = (after.AllocatedBytes - before.AllocatedBytes) / (double)operations;
        results.Info(name, $"service CPU / allocated per {operation}", $"{cpu.ToString("#,0", CultureInfo.InvariantCulture)} µs / {Figures.Count(allocated)} B");
    }

    private async Task<GraphCounters> WaitForRecipientsAsync(long expected, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        GraphCounters stats;
        while ((stats = await graph.StatsAsync()).Recipients < expected && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(100);
        }

        return stats;
    }

    private static HttpRequestMessage Webhook(byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/whatsapp") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", Payloads.Sign(body, Secret));
        return request;
    }
}

/// <summary>One fan-out run: its campaign, its rate at the fake, and what it sent.</summary>
public sealed record FanOutResult(string Name, string CampaignId, double Rate, long PeakInFlight, string? SampleBody, ulong FirstNumber, long Audience);
