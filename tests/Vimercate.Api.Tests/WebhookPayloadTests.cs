using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Vimercate.Abstractions;

namespace Vimercate.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class WebhookPayloadTests(ApiFactory factory)
{
    private static readonly Vimercate.Privacy.NumberHasher DevelopmentHasher =
        new(Microsoft.Extensions.Options.Options.Create(new Vimercate.Privacy.PrivacyOptions()));

    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("{ \"object\": \"whatsapp_business_account\", \"entry\": [ ")]
    [InlineData("not json at all")]
    [InlineData("")]
    [InlineData("[ { \"object\": \"whatsapp_business_account\" } ]")]
    public async Task MalformedBodyIsABadRequest(string body)
    {
        var response = await _client.SendAsync(Webhooks.Post(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task MessageOfAnUnknownTypeIsAcknowledged()
    {
        const string from = "393471000201";
        var json = Webhooks.Envelope($$"""
            "messages": [ { "from": "{{from}}", "id": "wamid.PAYLOAD-UNKNOWN-TYPE", "timestamp": "1764403200",
                            "type": "hologram", "hologram": { "depth": 3 }, "future_field": [1, 2, 3] } ],
            "something_new": { "nested": true }
            """);

        var response = await _client.SendAsync(Webhooks.Post(json));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Eventually.UntilAsync(() => factory.Outbox.List(from).Count == 1, "the auto-reply to the unknown message");
    }

    [Theory]
    [InlineData("""{ "object": "instagram", "entry": [ { "id": "1", "changes": [ { "field": "comments", "value": {} } ] } ] }""")]
    [InlineData("""{ "object": "whatsapp_business_account", "entry": [ { "id": "1", "changes": [ { "field": "account_update", "value": { "event": "VERIFIED_ACCOUNT" } } ] } ] }""")]
    [InlineData("""{ "object": "whatsapp_business_account", "entry": "unexpected" }""")]
    public async Task UnknownObjectsAndFieldsAreAcknowledgedAndIgnored(string json)
    {
        var response = await _client.SendAsync(Webhooks.Post(json));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("""{ "from": "not-a-number", "id": "wamid.PAYLOAD-BAD-FROM", "timestamp": "1764403200", "type": "text", "text": { "body": "Vimercate Info" } }""")]
    [InlineData("""{ "from": "", "id": "wamid.PAYLOAD-USERNAME", "timestamp": "1764403200", "type": "text", "text": { "body": "Vimercate Info" } }""")]
    public async Task MessageWithoutAUsableSenderIsSkippedNotAnError(string message)
    {
        var json = Webhooks.Envelope($$"""
            "contacts": [ { "profile": { "name": "Giulia" }, "wa_id": "", "user_id": "IT.1234567890123456" } ],
            "messages": [ {{message}} ]
            """);

        var response = await _client.SendAsync(Webhooks.Post(json));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task FailedStatusReachesTheSinkWithItsCampaignAndErrorCode()
    {
        var response = await _client.SendAsync(Webhooks.Post(Webhooks.Fixture("status-failed.json")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var update = Assert.Single(factory.Statuses.Updates, u => u.Wamid == "wamid.TEST-OUT-0002");
        Assert.Equal(DeliveryStatus.Failed, update.Status);
        Assert.Equal("393470000009", update.RecipientId);
        Assert.Equal("campaign:example", update.BizOpaqueCallbackData);
        Assert.Equal(131026, update.ErrorCode);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1764403300), update.Timestamp);
    }

    [Fact]
    public async Task EveryElementOfABatchIsHandled()
    {
        var response = await _client.SendAsync(Webhooks.Post(Webhooks.Fixture("batch-mixed.json")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var grains = factory.Services.GetRequiredService<IGrainFactory>();
        Assert.True((await grains.GetGrain<ISubscriberGrain>("393470000002").GetAsync()).IsSubscribed);
        Assert.False((await grains.GetGrain<ISubscriberGrain>("393470000003").GetAsync()).IsSubscribed);
        await Eventually.UntilAsync(() => factory.Outbox.List("393470000002").Count == 1, "the welcome to the number that subscribed");
        await Eventually.UntilAsync(() => factory.Outbox.List("393470000003").Count == 1, "one auto-reply to the number that wrote twice");
        var status = Assert.Single(factory.Statuses.Updates, u => u.Wamid == "wamid.TEST-OUT-0001");
        Assert.Equal(DeliveryStatus.Delivered, status.Status);
        Assert.Equal("campaign:example", status.BizOpaqueCallbackData);
    }

    [Fact]
    public async Task MessagesOfSeveralEntriesAndChangesAreAllHandled()
    {
        const string first = "393471000301";
        const string second = "393471000302";
        var json = $$"""
            {
              "object": "whatsapp_business_account",
              "entry": [
                { "id": "1", "changes": [ { "field": "messages", "value": { "messages": [ {{Webhooks.TextMessage(first, "wamid.PAYLOAD-ENTRY-1", "Vimercate Info")}} ] } } ] },
                { "id": "2", "changes": [
                  { "field": "messages", "value": { "messages": [ {{Webhooks.TextMessage(second, "wamid.PAYLOAD-ENTRY-2", "Vimercate Info")}} ] } },
                  { "field": "messages", "value": { "statuses": [ { "id": "wamid.PAYLOAD-ENTRY-STATUS", "status": "sent", "timestamp": "1764403300", "recipient_id": "{{first}}" } ] } }
                ] }
              ]
            }
            """;

        var response = await _client.SendAsync(Webhooks.Post(json));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var grains = factory.Services.GetRequiredService<IGrainFactory>();
        Assert.True((await grains.GetGrain<ISubscriberGrain>(first).GetAsync()).IsSubscribed);
        Assert.True((await grains.GetGrain<ISubscriberGrain>(second).GetAsync()).IsSubscribed);
        Assert.Contains(factory.Statuses.Updates, u => u.Wamid == "wamid.PAYLOAD-ENTRY-STATUS" && u.Status == DeliveryStatus.Sent);
    }

    [Fact]
    public async Task OneNumbersMessagesAreHandledInPayloadOrder()
    {
        const string from = "393471000401";
        var wamids = Enumerable.Range(1, 8).Select(i => $"wamid.PAYLOAD-ORDER-{i}").ToArray();
        var messages = wamids.Select((wamid, i) => Webhooks.TextMessage(from, wamid, i % 2 == 0 ? "Vimercate Info" : "Vimercate stop", 1764403200 + i));
        var json = Webhooks.Envelope($$"""
            "messages": [ {{string.Join(",\n", messages)}} ]
            """);

        var response = await _client.SendAsync(Webhooks.Post(json));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var subscriber = await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<ISubscriberGrain>(from).GetAsync();
        Assert.False(subscriber.IsSubscribed);
        Assert.Equal(wamids.Select(DevelopmentHasher.HashMessageId), subscriber.ConsentHistory.Select(c => c.WamidHash));
        Assert.Equal(1, factory.Calls.MaxConcurrentCalls(from));
    }

    [Fact]
    public async Task DifferentNumbersAreHandledAtTheSameTime()
    {
        const string first = "393471000451";
        const string second = "393471000452";
        var messages = Enumerable.Range(1, 6).Select(i => Webhooks.TextMessage(i % 2 == 0 ? first : second, $"wamid.PAYLOAD-CONCURRENT-{i}", "Buongiorno", 1764403200 + i));
        var json = Webhooks.Envelope($$"""
            "messages": [ {{string.Join(",\n", messages)}} ]
            """);

        var response = await _client.SendAsync(Webhooks.Post(json));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(factory.Calls.Overlapped(first, second), "the two numbers' messages should be handled concurrently");
        Assert.Equal(1, factory.Calls.MaxConcurrentCalls(first));
        Assert.Equal(1, factory.Calls.MaxConcurrentCalls(second));
    }

    [Fact]
    public async Task StatusesThatCannotBeHandedOverAskMetaToRetry()
    {
        var json = Webhooks.Envelope($$"""
            "statuses": [ { "id": "{{RecordingDeliveryStatusSink.UnavailableWamid}}", "status": "delivered", "timestamp": "1764403300", "recipient_id": "393471000601" } ]
            """);

        var response = await _client.SendAsync(Webhooks.Post(json));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task MetasExamplesOfOneNumbersLifeAreHandled()
    {
        const string number = "393470000001";
        var grains = factory.Services.GetRequiredService<IGrainFactory>();

        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(Webhooks.Post(Webhooks.Fixture("text-subscribe.json")))).StatusCode);
        await Eventually.UntilAsync(() => factory.Outbox.List(number).Count == 1, "the welcome");

        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(Webhooks.Post(Webhooks.Fixture("reaction.json")))).StatusCode);
        var afterReaction = await grains.GetGrain<ISubscriberGrain>(number).GetAsync();
        Assert.Equal(0, afterReaction.PendingReplies);
        Assert.Single(factory.Outbox.List(number));

        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(Webhooks.Post(Webhooks.Fixture("system-changed-number.json")))).StatusCode);
        var afterChange = await grains.GetGrain<ISubscriberGrain>(number).GetAsync();
        Assert.False(afterChange.IsSubscribed);
        Assert.Equal(ConsentAction.NumberChanged, afterChange.ConsentHistory[^1].Action);
        Assert.Equal(DevelopmentHasher.HashMessageId("wamid.TEST-SYSTEM-0001"), afterChange.ConsentHistory[^1].WamidHash);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task BodyOverThreeMegabytesIsRefused(bool declaredLength)
    {
        var padding = new string('x', (3 * 1024 * 1024) + 1);
        var body = Encoding.UTF8.GetBytes($$"""{ "object": "whatsapp_business_account", "padding": "{{padding}}" }""");
        using var request = Webhooks.Post(body);
        if (!declaredLength)
        {
            request.Content = new StreamContent(new UnseekableStream(body));
        }

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>A body whose length the client cannot know in advance, so it is sent chunked.</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
