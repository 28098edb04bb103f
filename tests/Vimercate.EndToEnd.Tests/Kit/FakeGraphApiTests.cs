using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Vimercate.Testing.Graph;

namespace Vimercate.EndToEnd.Tests.Kit;

/// <summary>The shared fake Graph API answers as Meta does, so that what tests conclude from it holds against Meta.</summary>
public sealed class FakeGraphApiTests
{
    private const string Number = "393331234567";

    [Fact]
    public async Task AcceptedMessageGetsAWamidThatCarriesTheRecipient()
    {
        await using var graph = await FakeGraphApi.StartAsync();
        using var http = new HttpClient();

        using var response = await SendAsync(http, graph, Number, "cmp_1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var wamid = body.GetProperty("messages")[0].GetProperty("id").GetString()!;
        Assert.StartsWith("wamid.", wamid, StringComparison.Ordinal);
        Assert.Equal(Number, Wamids.RecipientOf(wamid));
        Assert.Equal(Number, body.GetProperty("contacts")[0].GetProperty("wa_id").GetString());
        var request = Assert.Single(graph.Requests);
        Assert.Equal((Number, "cmp_1", "text", wamid), (request.To, request.CampaignId, request.Type, request.MessageId));
    }

    [Fact]
    public async Task ErrorPlansAnswerWithMetasErrorBody()
    {
        await using var graph = await FakeGraphApi.StartAsync();
        graph.AnswerNth(2, GraphAnswer.Fail(GraphError.Unavailable));
        graph.AnswerEvery(5, GraphAnswer.Fail(GraphError.ThroughputExceeded));
        graph.Script(Number, GraphAnswer.Fail(GraphError.Undeliverable));
        using var http = new HttpClient();

        var answers = new List<(int Status, int? Code)>();
        for (var i = 0; i < 10; i++)
        {
            using var response = await SendAsync(http, graph, i == 0 ? Number : $"39333100000{i}", null);
            int? code = response.IsSuccessStatusCode ? null : (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetInt32();
            answers.Add(((int)response.StatusCode, code));
        }

        Assert.Equal(
            [(400, 131026), (503, 2), (200, null), (200, null), (429, 130429), (200, null), (200, null), (200, null), (200, null), (429, 130429)],
            answers);
        Assert.Equal(6, graph.Counters().Accepted);
        Assert.Equal(answers.Select(a => a.Status), graph.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task AShareOfRequestsFailsEvenlySpread()
    {
        await using var graph = await FakeGraphApi.StartAsync();
        graph.AnswerShare(0.1, GraphAnswer.Fail(GraphError.Transient));
        using var http = new HttpClient();

        for (var i = 0; i < 100; i++)
        {
            using var response = await SendAsync(http, graph, $"3933320{i:D5}", null);
        }

        Assert.InRange(graph.Requests.Count(r => r.Status == 500), 9, 11);
    }

    [Fact]
    public async Task AnswersTakeAtLeastTheConfiguredLatency()
    {
        await using var graph = await FakeGraphApi.StartAsync(new FakeGraphOptions { Latency = GraphLatency.Meta });
        using var http = new HttpClient();

        var clock = Stopwatch.StartNew();
        using var response = await SendAsync(http, graph, Number, null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(95), $"answered after {clock.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task OutageAnswers503WithCodeTwoUntilItEnds()
    {
        await using var graph = await FakeGraphApi.StartAsync();
        using var http = new HttpClient();

        var outage = graph.OutageAsync(TimeSpan.FromSeconds(5));
        using (var during = await SendAsync(http, graph, Number, null))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
            Assert.Equal(2, (await during.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetInt32());
        }

        await outage;
        using var after = await SendAsync(http, graph, Number, null);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task RefusingOutageRefusesConnectionsThenListensOnTheSamePortAgain()
    {
        await using var graph = await FakeGraphApi.StartAsync();
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero });

        var outage = graph.OutageAsync(TimeSpan.FromSeconds(2), GraphOutageKind.RefuseConnections);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => SendAsync(http, graph, Number, null));
        await outage;
        using var after = await SendAsync(http, graph, Number, null);

        Assert.Equal(HttpRequestError.ConnectionError, refused.HttpRequestError);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Single(graph.Requests);
    }

    [Fact]
    public async Task LateAnswerIsAcceptedAndRecordedThoughTheClientGaveUp()
    {
        await using var graph = await FakeGraphApi.StartAsync();
        graph.Script(Number, GraphAnswer.Late(TimeSpan.FromSeconds(3)));
        using var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };

        await Assert.ThrowsAsync<TaskCanceledException>(() => SendAsync(http, graph, Number, "cmp_late"));

        var request = Assert.Single(graph.Requests);
        Assert.True(request.Accepted);
        Assert.Equal([Number], graph.AcceptedPerRecipient("cmp_late").Keys);
    }

    [Fact]
    public async Task DuplicatesAndBusiestSecondAreCountedByArrival()
    {
        await using var graph = await FakeGraphApi.StartAsync();
        using var http = new HttpClient();

        foreach (var to in (string[])[Number, "393331111111", Number])
        {
            using var response = await SendAsync(http, graph, to, "cmp_dup");
        }

        Assert.Equal([Number], graph.Duplicates("cmp_dup"));
        Assert.Equal(2, graph.Counters().Recipients);
        Assert.InRange(graph.BusiestSecond(), 1, 3);
        Assert.True(graph.AverageRate(TimeSpan.Zero, graph.Requests[^1].ArrivedAt + TimeSpan.FromSeconds(1)) > 0);
    }

    [Fact]
    public async Task AcceptedMessagesGetSignedStatusWebhooksWithTheCampaign()
    {
        const string secret = "kit-app-secret";
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var graph = await FakeGraphApi.StartAsync();
        var statuses = graph.SendStatuses(new StatusCallbackOptions(receiver.Url, secret)
        {
            SentAfter = TimeSpan.FromMilliseconds(10),
            DeliveredAfter = TimeSpan.FromMilliseconds(50),
            ReadAfter = TimeSpan.FromMilliseconds(100),
        });
        receiver.FailFirst = 1;
        using var http = new HttpClient();

        using var response = await SendAsync(http, graph, Number, "cmp_status");
        var wamid = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("messages")[0].GetProperty("id").GetString();
        await Eventually.UntilAsync(() => statuses.Delivered == 3, "sent, delivered and read posted and answered 200");

        var received = receiver.Bodies.Where(b => b.Answered == 200).ToList();
        Assert.All(received, b => Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), b.Body)), b.Signature));
        var posted = received.Select(b => JsonDocument.Parse(b.Body).RootElement.GetProperty("entry")[0].GetProperty("changes")[0].GetProperty("value").GetProperty("statuses")[0]).ToList();
        Assert.Equal(["delivered", "read", "sent"], posted.Select(s => s.GetProperty("status").GetString()).Order());
        Assert.All(posted, s => Assert.Equal((wamid, Number, "cmp_status"), (s.GetProperty("id").GetString(), s.GetProperty("recipient_id").GetString(), s.GetProperty("biz_opaque_callback_data").GetString())));
        Assert.Equal(4, receiver.Bodies.Count);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, FakeGraphApi graph, string to, string? campaign)
    {
        var opaque = campaign is null ? "" : $",\"biz_opaque_callback_data\":\"{campaign}\"";
        var body = $$"""{"messaging_product":"whatsapp","recipient_type":"individual","to":"+{{to}}","type":"text","text":{"body":"Ciao"}{{opaque}}}""";
        return http.PostAsync($"{graph.BaseUrl}/v25.0/610000000000001/messages", new StringContent(body, Encoding.UTF8, "application/json"));
    }

    /// <summary>A webhook endpoint on loopback that keeps what it was posted and can refuse the first posts.</summary>
    private sealed class WebhookReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _seen;

        private WebhookReceiver(WebApplication app) => _app = app;

        public ConcurrentQueue<(byte[] Body, string Signature, int Answered)> Bodies { get; } = new();

        public int FailFirst { get; set; }

        public string Url => $"{_app.Urls.Single()}/webhooks/whatsapp";

        public static async Task<WebhookReceiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var receiver = new WebhookReceiver(app);
            app.MapPost("/webhooks/whatsapp", receiver.ReceiveAsync);
            await app.StartAsync();
            return receiver;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();

        private async Task<IResult> ReceiveAsync(HttpRequest request)
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            var answer = Interlocked.Increment(ref _seen) <= FailFirst ? 503 : 200;
            Bodies.Enqueue((buffer.ToArray(), request.Headers["X-Hub-Signature-256"].ToString(), answer));
            return Results.StatusCode(answer);
        }
    }
}
