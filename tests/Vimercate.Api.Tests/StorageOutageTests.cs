using System.Collections.Concurrent;
using System.Net;
using System.Net.ServerSentEvents;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Vimercate.Abstractions;
using Vimercate.Api.Tests.Campaigns;
using Vimercate.Storage;
using static Vimercate.Api.Tests.Campaigns.PressOfficeApiFactory;
using static Vimercate.Api.Tests.Campaigns.PressOfficeRequests;

namespace Vimercate.Api.Tests;

/// <summary>
/// The database is full, restarting, failing over or unreachable while a request is served: the REST API answers 503
/// storage-unavailable with Retry-After, the webhook 503, never 500, and a repeated request finishes the work once.
/// </summary>
public sealed class StorageOutageTests(StorageOutageTests.OutageApiFactory factory) : IClassFixture<StorageOutageTests.OutageApiFactory>
{
    private const string AppSecret = "press-office-tests-app-secret";

    /// <summary>The outages a grain call can meet, as Npgsql and Orleans raise them.</summary>
    public static TheoryData<string> Outages => [.. OutageExceptions.Keys];

    private static readonly Dictionary<string, Func<Exception>> OutageExceptions = new()
    {
        ["too many clients (53300)"] = () => new PostgresException("sorry, too many clients already", "FATAL", "FATAL", PostgresErrorCodes.TooManyConnections),
        ["server shutting down (57P01)"] = () => new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", PostgresErrorCodes.AdminShutdown),
        ["server starting up (57P03)"] = () => new PostgresException("the database system is starting up", "FATAL", "FATAL", PostgresErrorCodes.CannotConnectNow),
        ["connection failure (08006)"] = () => new PostgresException("connection failure", "FATAL", "FATAL", PostgresErrorCodes.ConnectionFailure),
        ["connection refused"] = () => new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused)),
        ["pool exhausted"] = () => new NpgsqlException("The connection pool has been exhausted", new TimeoutException("Timeout during connection attempt")),
        ["timeout"] = () => new TimeoutException("Response did not arrive on time"),
        ["failed write"] = () => new StorageUnavailableException("audience", new NpgsqlException("Exception while reading from stream", new IOException("Connection reset"))),
        ["storage provider error"] = () => new OrleansException("Error from storage provider during ReadStateAsync", new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused))),
    };

    [Theory]
    [MemberData(nameof(Outages))]
    public async Task AnOutageAnswers503StorageUnavailableWithRetryAfter(string outage)
    {
        using var client = factory.ClientFor(Editor);
        factory.Outage.Fail<IAudienceShardGrain>(nameof(IAudienceShardGrain.CountAsync), OutageExceptions[outage]);
        try
        {
            using var response = await client.GetAsync("/api/subscribers/stats");

            await response.ReadProblemAsync(HttpStatusCode.ServiceUnavailable, "storage-unavailable");
            Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        }
        finally
        {
            factory.Outage.Clear();
        }

        using var recovered = await client.GetAsync("/api/subscribers/stats");
        await recovered.ReadJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AFaultOfTheServiceItselfIsStillAnInternalError()
    {
        using var client = factory.ClientFor(Editor);
        factory.Outage.Fail<IAudienceShardGrain>(
            nameof(IAudienceShardGrain.CountAsync),
            () => new PostgresException("column \"members\" does not exist", "ERROR", "ERROR", PostgresErrorCodes.UndefinedColumn));
        try
        {
            using var response = await client.GetAsync("/api/subscribers/stats");

            await response.ReadProblemAsync(HttpStatusCode.InternalServerError, "internal-error");
        }
        finally
        {
            factory.Outage.Clear();
        }
    }

    [Fact]
    public async Task ACampaignWhoseQuotaWriteFailedIsCreatedOnceWhenRetried()
    {
        using var client = factory.ClientFor(Editor);
        var key = Guid.NewGuid().ToString();
        var body = News("Raccolta rifiuti posticipata");
        var used = await UsedAsync(client);
        factory.Outage.Fail<IQuotaGrain>(nameof(IQuotaGrain.ReserveAsync), OutageExceptions["failed write"], times: 1);

        using var refused = await client.CreateCampaignAsync(body, key);
        await refused.ReadProblemAsync(HttpStatusCode.ServiceUnavailable, "storage-unavailable");
        using var retried = await client.CreateCampaignAsync(body, key);
        var created = await retried.ReadAcceptedCampaignAsync();

        Assert.Equal(used + 1, await UsedAsync(client));
        var listed = await (await client.GetAsync("/api/campaigns?pageSize=100")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Single(listed.GetProperty("items").EnumerateArray(), item => item.GetProperty("id").GetString() == created.GetProperty("id").GetString());
    }

    [Fact]
    public async Task AnErasureThatMetAnOutageAnswers503AndIsFinishedWhenRepeated()
    {
        const string number = "393471234000";
        using var dpo = factory.ClientFor(Dpo);
        Assert.Equal(HttpStatusCode.OK, (await PostWebhookAsync(Webhooks.TextMessage(number, "wamid.OUTAGE-ERASE", "Vimercate Info"))).StatusCode);
        factory.Outage.Fail<ISubscriberGrain>(nameof(ISubscriberGrain.EraseAsync), OutageExceptions["connection refused"], times: 1);

        using var refused = await dpo.DeleteAsync($"/api/subscribers/{number}");
        await refused.ReadProblemAsync(HttpStatusCode.ServiceUnavailable, "storage-unavailable");
        using var repeated = await dpo.DeleteAsync($"/api/subscribers/{number}");

        Assert.Equal(HttpStatusCode.NoContent, repeated.StatusCode);
        Assert.Null((await factory.Grains.GetGrain<ISubscriberGrain>(number).ExportAsync()).Current);
    }

    [Fact]
    public async Task AWebhookThatMetAnOutageAsksMetaToDeliverItAgain()
    {
        const string number = "393471234001";
        var optIn = Webhooks.TextMessage(number, "wamid.OUTAGE-OPTIN", "Vimercate Info");
        factory.Outage.Fail<ISubscriberGrain>(nameof(ISubscriberGrain.HandleAsync), OutageExceptions["failed write"], times: 1);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await PostWebhookAsync(optIn)).StatusCode);
        Assert.False((await factory.Grains.GetGrain<ISubscriberGrain>(number).GetAsync()).IsSubscribed);

        Assert.Equal(HttpStatusCode.OK, (await PostWebhookAsync(optIn)).StatusCode);
        Assert.True((await factory.Grains.GetGrain<ISubscriberGrain>(number).GetAsync()).IsSubscribed);
    }

    [Fact]
    public async Task TheConsoleOverviewSaysWhenTheDataCannotBeReadAndWhenItCanAgain()
    {
        using var client = factory.ClientFor(Editor);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        factory.Outage.Fail<IAudienceShardGrain>(nameof(IAudienceShardGrain.CountAsync), OutageExceptions["too many clients (53300)"]);
        var seen = new List<string>();
        try
        {
            using var response = await client.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await foreach (var item in SseParser.Create(await response.Content.ReadAsStreamAsync(cancel.Token)).EnumerateAsync(cancel.Token))
            {
                if (item.EventType == "ping")
                {
                    continue;
                }

                seen.Add(item.EventType);
                if (item.EventType == "unavailable")
                {
                    Assert.Equal(ProblemType("storage-unavailable"), JsonDocument.Parse(item.Data).RootElement.GetProperty("type").GetString());
                    factory.Outage.Clear();
                }
                else if (item.EventType == "stats")
                {
                    break;
                }
            }
        }
        finally
        {
            factory.Outage.Clear();
        }

        Assert.Equal(["unavailable", "available", "campaigns", "quota", "stats"], seen);
    }

    private static async Task<int> UsedAsync(HttpClient client) =>
        (await (await client.GetAsync("/api/quota")).ReadJsonAsync(HttpStatusCode.OK)).GetProperty("used").GetInt32();

    private async Task<HttpResponseMessage> PostWebhookAsync(string message)
    {
        var body = Encoding.UTF8.GetBytes(Webhooks.Envelope($"\"messages\": [ {message} ]"));
        using var client = factory.CreateClient();
        return await client.SendAsync(Webhooks.Post(body, Webhooks.Sign(body, AppSecret)));
    }

    /// <summary>The press office API whose grain calls a test can make fail as an outage would.</summary>
    public sealed class OutageApiFactory : PressOfficeApiFactory
    {
        /// <summary>The failures armed for grain calls.</summary>
        public GrainOutage Outage { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<IIncomingGrainCallFilter>(Outage));
        }
    }

    /// <summary>Makes calls to one grain method throw, for a number of calls or until cleared.</summary>
    public sealed class GrainOutage : IIncomingGrainCallFilter
    {
        private readonly ConcurrentDictionary<(Type Interface, string Method), (Func<Exception> Exception, int Remaining)> _failing = new();

        /// <summary>Calls to <typeparamref name="TGrain"/>.<paramref name="method"/> throw <paramref name="exception"/>, <paramref name="times"/> times.</summary>
        public void Fail<TGrain>(string method, Func<Exception> exception, int times = int.MaxValue) => _failing[(typeof(TGrain), method)] = (exception, times);

        /// <summary>Ends every armed failure.</summary>
        public void Clear() => _failing.Clear();

        public Task Invoke(IIncomingGrainCallContext context)
        {
            var key = (context.InterfaceMethod.DeclaringType!, context.InterfaceMethod.Name);
            while (_failing.TryGetValue(key, out var failing) && failing.Remaining > 0)
            {
                if (_failing.TryUpdate(key, (failing.Exception, failing.Remaining - 1), failing))
                {
                    throw failing.Exception();
                }
            }

            return context.Invoke();
        }
    }
}
