using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;
using Vimercate.Abstractions;
using Vimercate.Audience;
using Vimercate.Silo.Tests.Postgres;
using Vimercate.Silo.Tests.Processes;
using Vimercate.Testing.Graph;
using Xunit.Abstractions;

namespace Vimercate.Silo.Tests;

/// <summary>
/// The deployment of docker-compose.yml without Docker: the <c>migrate</c> command, two <c>src/Silo</c> processes and
/// one <c>src/Api</c> process on loopback and one PostgreSQL database, sending to a fake Graph API, with one silo
/// process killed while a campaign is sending.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ProcessClusterTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    private const int Citizens = 1000;
    private const int ShardCount = 16;
    private const int BatchSize = 20;
    private const string PhoneNumberId = "610000000000001";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task CampaignThroughTheRestApiReachesEveryoneOnceWhenASiloProcessIsKilledMidway()
    {
        var clusterId = $"cluster-{Guid.NewGuid():N}";
        var appSecret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var apiKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var tables = new OrleansTables(database.ConnectionString);
        var clock = Stopwatch.StartNew();
        await using var graph = await FakeGraphApi.StartAsync();
        var settings = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            // Three hosts share the server's 100 connections, as in docker-compose.yml.
            ["ConnectionStrings__Postgres"] = new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = 30 }.ConnectionString,
            ["Orleans__ClusterId"] = clusterId,
            ["Orleans__ServiceId"] = $"service-{Guid.NewGuid():N}",
            ["Database__AutoMigrate"] = "false",
            ["WhatsApp__Mode"] = "Cloud",
            ["WhatsApp__PhoneNumberId"] = PhoneNumberId,
            ["WhatsApp__AccessToken"] = "process-test-token",
            ["WhatsApp__AppSecret"] = appSecret,
            ["WhatsApp__VerifyToken"] = "process-test-verify",
            ["WhatsApp__Templates__News__Name"] = "notizia",
            // The campaign goes now whatever the hour the test runs at.
            ["Service__QuietHours"] = "",
            ["Privacy__HashKey"] = "process-test-privacy-hash-key-0123456789",
            // 1,000 campaign messages at 100 a second take ten seconds: time enough to kill a silo in the middle.
            ["WhatsApp__MessagesPerSecond"] = "100",
            ["Audience__ShardCount"] = $"{ShardCount}",
            ["Broadcasts__BatchSize"] = $"{BatchSize}",
            ["Broadcasts__StallTimeout"] = "00:00:05",
            ["Broadcasts__WatchInterval"] = "00:00:02",
            ["PressOffice__ApiKeys__0__Name"] = "ufficio-stampa",
            ["PressOffice__ApiKeys__0__Key"] = apiKey,
            ["PressOffice__ApiKeys__0__Roles__0"] = "editor",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Vimercate.Broadcasts"] = "Information",
        };
        var hosts = new List<HostProcess>();
        try
        {
            var migrate = HostProcess.Start("migrate", HostBinaries.Silo, ["migrate"], settings);
            hosts.Add(migrate);
            Assert.True(await migrate.ExitCodeAsync(StartTimeout) == 0, $"migrate failed:{Environment.NewLine}{migrate.Tail}");

            var ports = LoopbackPorts.Free(7);
            var siloA = StartHost(hosts, "silo-a", HostBinaries.Silo, [], settings, graph, ports[0], ports[1]);
            var siloB = StartHost(hosts, "silo-b", HostBinaries.Silo, [], settings, graph, ports[2], ports[3]);
            StartHost(hosts, "api", HostBinaries.Api, ["--urls", $"http://127.0.0.1:{ports[6]}"], settings, graph, ports[4], ports[5]);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[6]}"), Timeout = TimeSpan.FromSeconds(100) };
            http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
            await Eventually.UntilAsync(() => StatusOfAsync(http, "/health/ready", hosts), status => status == HttpStatusCode.OK, "the API to be ready", StartTimeout);
            await Eventually.UntilAsync(
                () => tables.MembersAsync(clusterId),
                rows => rows.Count(row => row.Status == SiloStatus.Active) == 3,
                "three Active silos in the membership table",
                StartTimeout);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: schema migrated, two silos and the API up");

            var numbers = Enumerable.Range(0, Citizens).Select(i => $"39334{4_000_000 + (i * 13):D7}").ToArray();
            var webhook = new MetaWebhook(http, appSecret);
            // Meta delivers concurrently, up to many messages per envelope.
            var statuses = await Task.WhenAll(numbers.Chunk(50).Select((batch, b) => webhook.SendTextsAsync(batch.Select((from, i) => (from, $"wamid.PROCESS-{b}-{i}")), "Vimercate Info")));
            Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
            var stats = await http.GetFromJsonAsync<JsonElement>("/api/subscribers/stats");
            Assert.Equal(Citizens, stats.GetProperty("active").GetInt32());
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: {Citizens} citizens subscribed through the signed webhook");

            using var created = await http.PostAsJsonAsync("/api/campaigns", new { title = "Chiusura via Cavour", text = "Domani dalle 8 alle 18 via Cavour è chiusa al traffico.", category = "news" });
            Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

            // Kill whichever silo process is sending more, once a quarter of the campaign has left.
            var sentBeforeKill = await Eventually.UntilAsync(
                () => Task.FromResult(graph.RequestsOf(id)),
                sent => sent.Count >= Citizens / 4 && sent.Any(m => m.Host is "silo-a" or "silo-b"),
                "a quarter of the campaign to be sent, some of it by a silo process",
                TimeSpan.FromSeconds(90));
            var victim = sentBeforeKill.Count(m => m.Host == siloA.Name) >= sentBeforeKill.Count(m => m.Host == siloB.Name) ? siloA : siloB;
            var victimPort = victim == siloA ? ports[0] : ports[2];
            await victim.KillAsync();
            var killedAt = graph.Requests.Count == 0 ? 0 : graph.Requests.Max(m => m.Sequence);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: killed {victim.Name} after {sentBeforeKill.Count} campaign messages ({string.Join(", ", sentBeforeKill.GroupBy(m => m.Host).Select(g => $"{g.Key}: {g.Count()}"))})");

            var campaign = await Eventually.UntilAsync(
                () => CampaignAsync(http, id, hosts.Where(host => host != victim)),
                view => view?.GetProperty("status").GetString() is "completed" or "failed" or "cancelled",
                $"campaign {id} to finish",
                TimeSpan.FromMinutes(4));
            var messages = graph.RequestsOf(id);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: campaign {campaign!.Value.GetProperty("status")}, {messages.Count} messages ({string.Join(", ", messages.GroupBy(m => (m.Host, After: m.Sequence > killedAt)).Select(g => $"{g.Key.Host} {(g.Key.After ? "after" : "before")} the kill: {g.Count()}"))})");

            Assert.Equal("completed", campaign.Value.GetProperty("status").GetString());
            var counts = campaign.Value.GetProperty("counts");
            Assert.Equal((Citizens, 0, Citizens, 0), (counts.GetProperty("audience").GetInt32(), counts.GetProperty("pending").GetInt32(), counts.GetProperty("sent").GetInt32(), counts.GetProperty("failed").GetInt32()));
            Assert.Contains(messages, m => m.Host == victim.Name);
            Assert.Contains(messages, m => m.Sequence > killedAt);
            var received = messages.GroupBy(m => m.To).ToDictionary(g => g.Key, g => g.Count());
            Assert.All(numbers, number => Assert.True(received.ContainsKey(number), $"{number} got nothing"));
            Assert.Equal(Citizens, received.Count);
            Assert.All(received, recipient => Assert.InRange(recipient.Value, 1, 2));
            var twiceByShard = received.Where(r => r.Value == 2)
                .GroupBy(r => AudienceSharding.ShardOf(PhoneNumbers.ToKey(r.Key), ShardCount))
                .ToDictionary(shard => shard.Key, shard => shard.Count());
            output.WriteLine($"received twice: {twiceByShard.Values.Sum()} ({string.Join(", ", twiceByShard.Select(s => $"shard {s.Key}: {s.Value}"))})");
            Assert.All(twiceByShard, shard => Assert.True(shard.Value <= BatchSize, $"shard {shard.Key} sent {shard.Value} recipients twice, more than a batch"));

            var members = await Eventually.UntilAsync(
                () => tables.MembersAsync(clusterId),
                rows => rows.Any(row => row.Port == victimPort && row.Status == SiloStatus.Dead),
                $"the killed {victim.Name} to be declared Dead",
                TimeSpan.FromMinutes(2));
            Assert.Equal(2, members.Count(row => row.Port != victimPort && row.Status == SiloStatus.Active));
            Assert.All(hosts.Where(host => host != victim && host != migrate), host => Assert.False(host.HasExited, $"{host.Name} exited:{Environment.NewLine}{host.Tail}"));
        }
        catch
        {
            foreach (var host in hosts)
            {
                output.WriteLine(host.Tail);
            }

            throw;
        }
        finally
        {
            // Every host is killed before any is waited for, so a slow one cannot leave the others running.
            foreach (var host in hosts)
            {
                host.Kill();
            }

            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    private static HostProcess StartHost(
        List<HostProcess> hosts, string name, string assembly, string[] arguments, Dictionary<string, string> settings, FakeGraphApi graph, int siloPort, int gatewayPort)
    {
        var environment = new Dictionary<string, string>(settings)
        {
            ["Orleans__SiloPort"] = $"{siloPort}",
            ["Orleans__GatewayPort"] = $"{gatewayPort}",
            ["WhatsApp__GraphApiBaseUrl"] = graph.BaseUrlFor(name),
        };
        var host = HostProcess.Start(name, assembly, arguments, environment);
        hosts.Add(host);
        return host;
    }

    // A host that exits while the test waits for it ends the wait with its output rather than at the timeout.
    private static void EnsureRunning(IEnumerable<HostProcess> hosts)
    {
        foreach (var host in hosts.Where(host => host.Name != "migrate" && host.HasExited))
        {
            throw new InvalidOperationException($"{host.Name} exited:{Environment.NewLine}{host.Tail}");
        }
    }

    private static async Task<HttpStatusCode?> StatusOfAsync(HttpClient http, string path, IEnumerable<HostProcess> hosts)
    {
        EnsureRunning(hosts);
        try
        {
            using var response = await http.GetAsync(path);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    // While the killed silo is not yet declared dead, a read of a grain it hosted may fail; the press office would retry.
    private static async Task<JsonElement?> CampaignAsync(HttpClient http, string id, IEnumerable<HostProcess> hosts)
    {
        EnsureRunning(hosts);
        try
        {
            using var response = await http.GetAsync($"/api/campaigns/{id}");
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : null;
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }
}
