using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Vimercate.Abstractions;
using Vimercate.Hosting;
using Vimercate.Messaging;

namespace Vimercate.EndToEnd.Tests;

public sealed class CloudWhatsAppSenderTests
{
    private const string Recipient = "393331234567";
    private readonly ScriptedHandler _graph = new();
    private readonly InstantTimeProvider _time = new();

    private CloudWhatsAppSender Sender(TimeSpan? timeout = null)
    {
        var options = Options.Create(new WhatsAppOptions
        {
            Mode = WhatsAppMode.Cloud,
            GraphApiBaseUrl = "https://graph.example.test/",
            ApiVersion = "v25.0",
            PhoneNumberId = "610000000000001",
            AccessToken = "unit-token",
        });
        var http = new HttpClient(_graph) { Timeout = timeout ?? CloudWhatsAppSender.RequestTimeout };
        return new CloudWhatsAppSender(http, options, _time, NullLogger<CloudWhatsAppSender>.Instance);
    }

    [Fact]
    public async Task AcceptedTextIsSentWithTheWamidInMetasShape()
    {
        _graph.Answer(HttpStatusCode.OK, """{ "messaging_product": "whatsapp", "contacts": [ { "input": "+393331234567", "wa_id": "393331234567" } ], "messages": [ { "id": "wamid.ACCEPTED" } ] }""");

        var result = await Sender().SendAsync(OutboundMessage.Reply(Recipient, "Benvenuto"));

        Assert.Equal(SendOutcome.Sent, result.Outcome);
        Assert.Equal("wamid.ACCEPTED", result.MessageId);
        var request = Assert.Single(_graph.Requests);
        Assert.Equal("https://graph.example.test/v25.0/610000000000001/messages", request.Uri);
        Assert.Equal("Bearer unit-token", request.Authorization);
        var body = request.Body;
        Assert.Equal("whatsapp", body.GetProperty("messaging_product").GetString());
        Assert.Equal("individual", body.GetProperty("recipient_type").GetString());
        Assert.Equal("+393331234567", body.GetProperty("to").GetString());
        Assert.Equal("text", body.GetProperty("type").GetString());
        Assert.Equal("Benvenuto", body.GetProperty("text").GetProperty("body").GetString());
        Assert.False(body.TryGetProperty("biz_opaque_callback_data", out _));
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, 131000)]
    [InlineData(HttpStatusCode.ServiceUnavailable, 131016)]
    [InlineData(HttpStatusCode.ServiceUnavailable, 133004)]
    [InlineData(HttpStatusCode.InternalServerError, 2)]
    [InlineData(HttpStatusCode.BadRequest, 1)]
    public async Task TransientErrorComesBackAsRetryLaterWithAJitteredHintAfterOneRequest(HttpStatusCode status, int code)
    {
        _graph.Error(status, code);

        var result = await Sender().SendAsync(OutboundMessage.Reply(Recipient, "Benvenuto"));

        Assert.Equal((SendOutcome.RetryLater, code), (result.Outcome, result.ErrorCode));
        Assert.InRange(result.RetryAfter!.Value, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4));
        Assert.True(GraphErrors.IsUnanswered(result));
        Assert.Single(_graph.Requests);
        Assert.Empty(_time.Delays);
    }

    [Fact]
    public async Task ServerErrorWithoutABodyIsRetryLater()
    {
        _graph.Answer(HttpStatusCode.BadGateway, "<html>bad gateway</html>");

        var result = await Sender().SendAsync(OutboundMessage.Reply(Recipient, "Benvenuto"));

        Assert.Equal((SendOutcome.RetryLater, 502), (result.Outcome, result.ErrorCode));
        Assert.True(GraphErrors.IsUnanswered(result));
        Assert.Single(_graph.Requests);
    }

    [Fact]
    public async Task MaintenanceWaitsAboutAMinute()
    {
        _graph.Error(HttpStatusCode.ServiceUnavailable, 131057);

        var result = await Sender().SendAsync(OutboundMessage.Reply(Recipient, "Benvenuto"));

        Assert.Equal(SendOutcome.RetryLater, result.Outcome);
        Assert.InRange(result.RetryAfter!.Value, TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(100));
    }

    [Fact]
    public async Task TimeoutAfterTheBodyWasWrittenIsUnknownNotRetried()
    {
        _graph.Hang();

        var result = await Sender(timeout: TimeSpan.FromMilliseconds(100)).SendAsync(OutboundMessage.Reply(Recipient, "Benvenuto"));

        Assert.Equal(SendOutcome.Unknown, result.Outcome);
        Assert.True(GraphErrors.IsUnanswered(result));
        Assert.Single(_graph.Requests);
    }

    [Fact]
    public async Task ResetAfterTheBodyWasWrittenIsUnknown()
    {
        _graph.Fail(new HttpRequestException(HttpRequestError.ResponseEnded, "the connection was reset"));

        var result = await Sender().SendAsync(OutboundMessage.Reply(Recipient, "Benvenuto"));

        Assert.Equal(SendOutcome.Unknown, result.Outcome);
    }

    [Fact]
    public async Task FailureBeforeTheBodyWasWrittenIsRetryLater()
    {
        _graph.FailBeforeReading(new HttpRequestException(HttpRequestError.ConnectionError, "connection refused"));

        var result = await Sender().SendAsync(OutboundMessage.Reply(Recipient, "Benvenuto"));

        Assert.Equal(SendOutcome.RetryLater, result.Outcome);
        Assert.True(GraphErrors.IsUnanswered(result));
        Assert.False(result.Unsent);
    }

    [Fact]
    public async Task RefusedConnectionToARealPortIsRetryLater()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var options = Options.Create(new WhatsAppOptions
        {
            Mode = WhatsAppMode.Cloud,
            GraphApiBaseUrl = $"http://127.0.0.1:{port}",
            PhoneNumberId = "610000000000001",
            AccessToken = "unit-token",
        });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var sender = new CloudWhatsAppSender(http, options, TimeProvider.System, NullLogger<CloudWhatsAppSender>.Instance);

        var result = await sender.SendAsync(OutboundMessage.Reply(Recipient, "Benvenuto"));

        Assert.Equal(SendOutcome.RetryLater, result.Outcome);
        Assert.Null(result.ErrorCode);
    }

    [Theory]
    [InlineData(130429, 429)]
    [InlineData(131056, 400)]
    [InlineData(80007, 400)]
    [InlineData(4, 400)]
    public async Task RateLimitIsHandedBackWithARetryHintWithoutLooping(int code, int status)
    {
        _graph.Error((HttpStatusCode)status, code);

        var result = await Sender().SendAsync(OutboundMessage.Reply(Recipient, "Benvenuto"));

        Assert.Equal(SendOutcome.RetryLater, result.Outcome);
        Assert.Equal(code, result.ErrorCode);
        Assert.True(result.RetryAfter > TimeSpan.Zero);
        Assert.Equal(code != 131056, GraphErrors.IsThrottled(result));
        Assert.False(GraphErrors.IsUnanswered(result));
        Assert.Single(_graph.Requests);
        Assert.Empty(_time.Delays);
    }

    [Fact]
    public async Task RetryAfterHeaderLengthensTheHint()
    {
        _graph.Error(HttpStatusCode.TooManyRequests, 130429, retryAfterSeconds: 42);

        var result = await Sender().SendAsync(OutboundMessage.Reply(Recipient, "Benvenuto"));

        Assert.Equal(TimeSpan.FromSeconds(42), result.RetryAfter);
    }

    [Theory]
    [InlineData(131026)]
    [InlineData(131047)]
    [InlineData(131049)]
    [InlineData(131050)]
    [InlineData(100)]
    [InlineData(131008)]
    [InlineData(131009)]
    [InlineData(131051)]
    [InlineData(132000)]
    [InlineData(132001)]
    [InlineData(132016)]
    public async Task PermanentRefusalFailsWithoutRetry(int code)
    {
        _graph.Error(HttpStatusCode.BadRequest, code);

        var result = await Sender().SendAsync(OutboundMessage.Reply(Recipient, "Benvenuto"));

        Assert.Equal(SendOutcome.Failed, result.Outcome);
        Assert.Equal(code, result.ErrorCode);
        Assert.Equal($"scripted error {code}", result.Error);
        Assert.Single(_graph.Requests);
    }

    [Fact]
    public async Task SpamRateLimitPausesTheCampaign()
    {
        _graph.Error(HttpStatusCode.BadRequest, 131048);

        var result = await Sender().SendAsync(OutboundMessage.Reply(Recipient, "Benvenuto"));

        Assert.Equal((SendOutcome.Paused, 131048), (result.Outcome, result.ErrorCode));
        Assert.False(GraphErrors.IsUnanswered(result));
    }

    [Theory]
    [InlineData(368)]
    [InlineData(131031)]
    [InlineData(131042)]
    [InlineData(190)]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(133010)]
    public async Task AccountProblemHaltsSending(int code)
    {
        _graph.Error(HttpStatusCode.BadRequest, code);

        var result = await Sender().SendAsync(OutboundMessage.Reply(Recipient, "Benvenuto"));

        Assert.Equal(SendOutcome.Halted, result.Outcome);
        Assert.Equal(code, result.ErrorCode);
        Assert.Single(_graph.Requests);
    }

    [Fact]
    public async Task TemplateBodyParameterCarriesNoLineBreaksTabsOrLongSpaceRuns()
    {
        _graph.Answer(HttpStatusCode.OK, """{ "messages": [ { "id": "wamid.TEMPLATE" } ] }""");
        var message = new OutboundMessage(
            Recipient,
            OutboundKind.Template,
            "Allerta meteo:\n\tdomani\r\nchiuse le scuole.      Info",
            Template: new TemplateRef("allerta_meteo", "it"),
            CampaignId: "campaign-42");

        var result = await Sender().SendAsync(message);

        Assert.Equal(SendOutcome.Sent, result.Outcome);
        var body = Assert.Single(_graph.Requests).Body;
        Assert.Equal("template", body.GetProperty("type").GetString());
        Assert.Equal("campaign-42", body.GetProperty("biz_opaque_callback_data").GetString());
        var template = body.GetProperty("template");
        Assert.Equal("allerta_meteo", template.GetProperty("name").GetString());
        Assert.Equal("it", template.GetProperty("language").GetProperty("code").GetString());
        var component = Assert.Single(template.GetProperty("components").EnumerateArray());
        Assert.Equal("body", component.GetProperty("type").GetString());
        var parameter = Assert.Single(component.GetProperty("parameters").EnumerateArray());
        Assert.Equal("text", parameter.GetProperty("type").GetString());
        Assert.Equal("Allerta meteo:  domani chiuse le scuole.    Info", parameter.GetProperty("text").GetString());
    }

    [Theory]
    [InlineData(MediaKind.Image, null, "image")]
    [InlineData(MediaKind.Document, "ordinanza.pdf", "document")]
    [InlineData(null, "ordinanza.pdf", "document")]
    [InlineData(null, null, "image")]
    public async Task TemplateMediaGoesInTheHeader(MediaKind? kind, string? filename, string expected)
    {
        _graph.Answer(HttpStatusCode.OK, """{ "messages": [ { "id": "wamid.TEMPLATE-MEDIA" } ] }""");
        var message = new OutboundMessage(
            Recipient,
            OutboundKind.Template,
            "Chiusura via Cavour",
            MediaUrl: "https://www.comune.vimercate.mb.it/media/avviso",
            MediaFilename: filename,
            Template: new TemplateRef("avviso", "it"),
            CampaignId: "campaign-43",
            TemplateMedia: kind);

        await Sender().SendAsync(message);

        var components = Assert.Single(_graph.Requests).Body.GetProperty("template").GetProperty("components").EnumerateArray().ToArray();
        Assert.Equal(["header", "body"], components.Select(c => c.GetProperty("type").GetString()));
        var header = Assert.Single(components[0].GetProperty("parameters").EnumerateArray());
        Assert.Equal(expected, header.GetProperty("type").GetString());
        Assert.Equal("https://www.comune.vimercate.mb.it/media/avviso", header.GetProperty(expected).GetProperty("link").GetString());
    }

    [Fact]
    public async Task ImageAndDocumentGoByLinkWithTheTextAsCaption()
    {
        _graph.Answer(HttpStatusCode.OK, """{ "messages": [ { "id": "wamid.IMAGE" } ] }""");
        _graph.Answer(HttpStatusCode.OK, """{ "messages": [ { "id": "wamid.DOCUMENT" } ] }""");
        var sender = Sender();

        await sender.SendAsync(new OutboundMessage(Recipient, OutboundKind.Image, "Mercato", MediaUrl: "https://example.org/m.jpg", CampaignId: "c-1"));
        await sender.SendAsync(new OutboundMessage(Recipient, OutboundKind.Document, "Ordinanza", MediaUrl: "https://example.org/o.pdf", MediaFilename: "o.pdf", CampaignId: "c-2"));

        var image = _graph.Requests[0].Body;
        Assert.Equal("image", image.GetProperty("type").GetString());
        Assert.Equal("https://example.org/m.jpg", image.GetProperty("image").GetProperty("link").GetString());
        Assert.Equal("Mercato", image.GetProperty("image").GetProperty("caption").GetString());
        Assert.Equal("c-1", image.GetProperty("biz_opaque_callback_data").GetString());
        var document = _graph.Requests[1].Body;
        Assert.Equal("document", document.GetProperty("type").GetString());
        Assert.Equal("o.pdf", document.GetProperty("document").GetProperty("filename").GetString());
        Assert.Equal("Ordinanza", document.GetProperty("document").GetProperty("caption").GetString());
    }

    [Fact]
    public async Task EveryRecipientOfACampaignGetsTheCampaignsBodyWithItsOwnNumber()
    {
        var sender = Sender();
        var storm = new OutboundMessage("", OutboundKind.Template, "Allerta \"rossa\":\n fiume Molgora", Template: new TemplateRef("allerta_meteo", "it"), CampaignId: "campaign-storm");
        var market = new OutboundMessage("", OutboundKind.Text, "Mercato spostato", CampaignId: "campaign-market");
        string[] recipients = ["393331234567", "+393339876543", "41791234567"];
        foreach (var to in recipients)
        {
            _graph.Answer(HttpStatusCode.OK, """{ "messages": [ { "id": "wamid.STORM" } ] }""");
            _graph.Answer(HttpStatusCode.OK, """{ "messages": [ { "id": "wamid.MARKET" } ] }""");
            Assert.Equal(SendOutcome.Sent, (await sender.SendAsync(storm with { To = to })).Outcome);
            Assert.Equal(SendOutcome.Sent, (await sender.SendAsync(market with { To = to })).Outcome);
        }

        var bodies = _graph.Requests.Select(r => r.Body).ToArray();
        Assert.Equal(6, bodies.Length);
        for (var i = 0; i < recipients.Length; i++)
        {
            var expected = recipients[i].StartsWith('+') ? recipients[i] : "+" + recipients[i];
            var (stormBody, marketBody) = (bodies[2 * i], bodies[(2 * i) + 1]);
            Assert.Equal(expected, stormBody.GetProperty("to").GetString());
            Assert.Equal(expected, marketBody.GetProperty("to").GetString());
            Assert.Equal("campaign-storm", stormBody.GetProperty("biz_opaque_callback_data").GetString());
            Assert.Equal("campaign-market", marketBody.GetProperty("biz_opaque_callback_data").GetString());
            var parameter = stormBody.GetProperty("template").GetProperty("components")[0].GetProperty("parameters")[0];
            Assert.Equal("Allerta \"rossa\":  fiume Molgora", parameter.GetProperty("text").GetString());
            Assert.Equal("Mercato spostato", marketBody.GetProperty("text").GetProperty("body").GetString());
        }
    }

    /// <summary>One request the scripted Graph API saw.</summary>
    private sealed record SeenRequest(string Uri, string? Authorization, JsonElement Body);

    /// <summary>Answers requests from a queue of scripted responses, hangs or failures, and keeps what it saw.</summary>
    private sealed class ScriptedHandler : HttpMessageHandler
    {
        private readonly ConcurrentQueue<Func<CancellationToken, Task<HttpResponseMessage>>> _answers = new();
        private readonly ConcurrentQueue<SeenRequest> _requests = new();
        private readonly ConcurrentQueue<Exception> _refusals = new();

        public IReadOnlyList<SeenRequest> Requests => [.. _requests];

        public void Answer(HttpStatusCode status, string body, int? retryAfterSeconds = null) => _answers.Enqueue(_ =>
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            if (retryAfterSeconds is { } seconds)
            {
                response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
            }

            return Task.FromResult(response);
        });

        public void Error(HttpStatusCode status, int code, int? retryAfterSeconds = null) =>
            Answer(status, $$"""{ "error": { "message": "scripted error {{code}}", "type": "OAuthException", "code": {{code}}, "error_data": { "details": "scripted" }, "fbtrace_id": "AbC" } }""", retryAfterSeconds);

        public void Hang() => _answers.Enqueue(async cancellationToken =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            throw new InvalidOperationException("unreachable: the delay only ends by cancellation");
        });

        public void Fail(Exception exception) => _answers.Enqueue(_ => Task.FromException<HttpResponseMessage>(exception));

        public void FailBeforeReading(Exception exception) => _refusals.Enqueue(exception);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (_refusals.TryDequeue(out var refusal))
            {
                throw refusal;
            }

            using var body = JsonDocument.Parse(await request.Content!.ReadAsStringAsync(cancellationToken));
            _requests.Enqueue(new SeenRequest(request.RequestUri!.ToString(), request.Headers.Authorization?.ToString(), body.RootElement.Clone()));
            Assert.True(_answers.TryDequeue(out var answer), "the sender made more requests than scripted");
            return await answer(cancellationToken);
        }
    }

    /// <summary>Fires every timer at once and records the delays asked for, so backoff costs no wall-clock time.</summary>
    private sealed class InstantTimeProvider : TimeProvider
    {
        public ConcurrentQueue<TimeSpan> Delays { get; } = new();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Delays.Enqueue(dueTime);
            ThreadPool.QueueUserWorkItem(_ => callback(state));
            return new FiredTimer();
        }

        private sealed class FiredTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => false;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
