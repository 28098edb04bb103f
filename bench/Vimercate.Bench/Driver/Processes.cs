using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Vimercate.Bench.FakeGraph;
using Vimercate.Bench.Service;
using Vimercate.Testing;
using Vimercate.Testing.Graph;

namespace Vimercate.Bench.Driver;

/// <summary>The fake Graph API process and its control routes.</summary>
public sealed class FakeGraphProcess(ChildProcess child) : IAsyncDisposable
{
    private readonly HttpClient _control = new() { BaseAddress = new Uri(child.BaseAddress), Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Base URL to configure as WhatsApp:GraphApiBaseUrl.</summary>
    public string BaseAddress => child.BaseAddress;

    /// <summary>The send endpoint the service calls.</summary>
    public Uri MessagesEndpoint => new($"{child.BaseAddress}/v25.0/{Payloads.PhoneNumberId}/messages");

    /// <summary>Starts the fake; its log goes to <paramref name="logDirectory"/>.</summary>
    public static async Task<FakeGraphProcess> StartAsync(string logDirectory) =>
        new(await ChildProcess.StartAsync("fake-graph", new Dictionary<string, string> { ["DOTNET_gcServer"] = "0" }, Path.Combine(logDirectory, "fake-graph.log")));

    /// <summary>Forgets all counts and accepts everything again.</summary>
    public async Task ResetAsync() => (await _control.PostAsync("/_fake/reset", null)).EnsureSuccessStatusCode();

    /// <summary>Sets error injection and latency.</summary>
    public async Task SetBehaviourAsync(FakeGraphBehaviour behaviour) =>
        (await _control.PostAsJsonAsync("/_fake/behaviour", behaviour, BenchJson.Default.FakeGraphBehaviour)).EnsureSuccessStatusCode();

    /// <summary>The counters now.</summary>
    public async Task<GraphCounters> StatsAsync() =>
        await _control.GetFromJsonAsync("/_fake/stats", BenchJson.Default.GraphCounters) ?? throw new InvalidOperationException("No stats.");

    /// <summary>When the first accepted message to each recipient arrived (Stopwatch ticks), 0 when none did.</summary>
    public async Task<long[]> ArrivalsAsync(ulong[] recipients)
    {
        using var response = await _control.PostAsJsonAsync("/_fake/arrivals", recipients, BenchJson.Default.UInt64Array);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync(BenchJson.Default.Int64Array) ?? [];
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _control.Dispose();
        await child.DisposeAsync();
    }
}

/// <summary>The service under test in its own process, embedded or on PostgreSQL, sending to the fake Graph API.</summary>
public sealed class ServiceProcess(ChildProcess child, bool postgres) : IAsyncDisposable
{
    /// <summary>The app secret the webhook signatures are made with.</summary>
    public const string AppSecret = "bench-app-secret";

    /// <summary>The press office key (role admin).</summary>
    public const string ApiKey = "bench-press-office-key";

    private readonly HttpClient _client = CreateClient(child.BaseAddress);
    private readonly HttpClient _slow = new() { BaseAddress = new Uri(child.BaseAddress), Timeout = TimeSpan.FromMinutes(30) };

    /// <summary>Settings added to every service process (<c>--service-env KEY=VALUE</c>), for experiments such as another GC mode.</summary>
    public static Dictionary<string, string> ExtraEnvironment { get; } = [];

    /// <summary>Where the service listens.</summary>
    public string BaseAddress => child.BaseAddress;

    /// <summary>Whether grain state lives in PostgreSQL.</summary>
    public bool Postgres => postgres;

    /// <summary>The process id.</summary>
    public int Id => child.Id;

    /// <summary>Starts the service in Cloud mode against <paramref name="graph"/>; on PostgreSQL when <paramref name="connectionString"/> is set.</summary>
    public static async Task<ServiceProcess> StartAsync(FakeGraphProcess graph, string? connectionString, string logFile)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var environment = new Dictionary<string, string>
        {
            ["WhatsApp__Mode"] = "Cloud",
            ["WhatsApp__GraphApiBaseUrl"] = graph.BaseAddress,
            ["WhatsApp__ApiVersion"] = "v25.0",
            ["WhatsApp__PhoneNumberId"] = Payloads.PhoneNumberId,
            ["WhatsApp__AccessToken"] = "bench-access-token",
            ["WhatsApp__AppSecret"] = AppSecret,
            ["WhatsApp__VerifyToken"] = "bench-verify-token",
            ["WhatsApp__MessagesPerSecond"] = "1000000",
            ["WhatsApp__Templates__Emergency__Name"] = "allerta_emergenza",
            ["WhatsApp__Templates__Emergency__Language"] = "it",
            ["PressOffice__ApiKeys__0__Name"] = "bench",
            ["PressOffice__ApiKeys__0__Key"] = ApiKey,
            ["PressOffice__ApiKeys__0__Roles__0"] = "admin",

            // The bench polls the campaign every 200 ms for minutes; the press office's rate limit is not what is measured.
            ["PressOffice__Limits__RequestsPerWindow"] = "1000000",
            ["Service__WeeklyLimit"] = "1000",
            ["Privacy__HashKey"] = "bench-privacy-hash-key-of-at-least-32-characters",
            ["Orleans__SiloPort"] = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture),
            ["Orleans__GatewayPort"] = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture),
            ["Orleans__ClusterId"] = $"bench-{Guid.NewGuid():N}",
        };
        if (connectionString is not null)
        {
            environment["ConnectionStrings__Postgres"] = connectionString;
        }

        foreach (var (key, value) in ExtraEnvironment)
        {
            environment[key] = value;
        }

        // The API's own runtime settings (server GC and the rest), not the bench's.
        var child = await ChildProcess.StartAsync("service", environment, logFile, "Vimercate.Api.runtimeconfig.json");
        Console.WriteLine($"  service process {child.Id} at {child.BaseAddress}, log {logFile}");
        return new ServiceProcess(child, connectionString is not null);
    }

    /// <summary>A client for load: one connection per concurrent request, never recycled during a run.</summary>
    public static HttpClient CreateClient(string baseAddress) => new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        MaxConnectionsPerServer = int.MaxValue,
        UseProxy = false,
    })
    {
        BaseAddress = new Uri(baseAddress),
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>The process's counters.</summary>
    public async Task<ProbeStats> StatsAsync() =>
        await _client.GetFromJsonAsync("/_bench/stats", BenchJson.Default.ProbeStats) ?? throw new InvalidOperationException("No stats.");

    /// <summary>A full compacting collection, then the counters.</summary>
    public async Task<ProbeStats> CollectAsync()
    {
        using var response = await _slow.PostAsync("/_bench/gc", null);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync(BenchJson.Default.ProbeStats) ?? throw new InvalidOperationException("No stats.");
    }

    /// <summary>Adds numbers to the audience through the shard grains, or by seeding the shards' storage.</summary>
    public async Task<AudienceFilled> FillAudienceAsync(ulong first, long count, bool throughStorage)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_bench/audience")
        {
            Content = JsonContent.Create(new AudienceFill(first, count, throughStorage), BenchJson.Default.AudienceFill),
        };
        using var response = await _slow.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync(BenchJson.Default.AudienceFilled) ?? throw new InvalidOperationException("No fill result.");
    }

    /// <summary>POST /api/campaigns; returns the status code and the body.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> CreateCampaignAsync(string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/campaigns") { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Api-Key", ApiKey);
        using var response = await _client.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (response.StatusCode, body);
    }

    /// <summary>GET /api/campaigns/{id}.</summary>
    public async Task<JsonElement> GetCampaignAsync(string id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/campaigns/{id}");
        request.Headers.Add("X-Api-Key", ApiKey);
        using var response = await _client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        _slow.Dispose();
        await child.DisposeAsync();
    }
}
