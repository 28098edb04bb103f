using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Vimercate.Abstractions;

namespace Vimercate.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class WebhookSignatureTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    private static string StatusPayload(string wamid) => Webhooks.Envelope($$"""
        "statuses": [ { "id": "{{wamid}}", "status": "read", "timestamp": "1764403300", "recipient_id": "393470000501" } ]
        """);

    [Fact]
    public async Task UnsignedWebhookIsRefusedAndNothingIsProcessed()
    {
        var response = await _client.SendAsync(Webhooks.Post(StatusPayload("wamid.SIG-UNSIGNED"), signature: ""));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(factory.Statuses.Updates, u => u.Wamid == "wamid.SIG-UNSIGNED");
    }

    [Theory]
    [InlineData("another-secret")]
    [InlineData("api-tests-verify-token")]
    public async Task WebhookSignedWithAnotherKeyIsRefusedAndNothingIsProcessed(string key)
    {
        var body = Encoding.UTF8.GetBytes(StatusPayload("wamid.SIG-WRONG"));

        var response = await _client.SendAsync(Webhooks.Post(body, Webhooks.Sign(body, key)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(factory.Statuses.Updates, u => u.Wamid == "wamid.SIG-WRONG");
    }

    [Fact]
    public async Task SignatureOfOtherBytesIsRefused()
    {
        var signed = Encoding.UTF8.GetBytes(StatusPayload("wamid.SIG-TAMPERED"));
        var sent = Encoding.UTF8.GetBytes(StatusPayload("wamid.SIG-TAMPERED").Replace("read", "sent", StringComparison.Ordinal));

        var response = await _client.SendAsync(Webhooks.Post(sent, Webhooks.Sign(signed)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(factory.Statuses.Updates, u => u.Wamid == "wamid.SIG-TAMPERED");
    }

    [Fact]
    public async Task CorrectlySignedWebhookIsAcceptedAndProcessed()
    {
        var response = await _client.SendAsync(Webhooks.Post(StatusPayload("wamid.SIG-RIGHT")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var update = Assert.Single(factory.Statuses.Updates, u => u.Wamid == "wamid.SIG-RIGHT");
        Assert.Equal(DeliveryStatus.Read, update.Status);
    }

    [Fact]
    public async Task NonAsciiBodySignedOverItsRawBytesSubscribesTheCitizen()
    {
        // Literal è and emoji next to Meta's \u escapes: any re-encoding before hashing would break the signature.
        const string from = "393471000101";
        var json = Webhooks.Envelope($$"""
            "contacts": [ { "profile": { "name": "Nicolò Brambilla 😀 Jos\u00e8" }, "wa_id": "{{from}}" } ],
            "messages": [ { "from": "{{from}}", "id": "wamid.SIG-UNICODE-0001", "timestamp": "1764403200", "type": "text",
                            "text": { "body": "  \u0056IMERCATE   info!! 👍" } } ]
            """);
        var body = Encoding.UTF8.GetBytes(json);
        Assert.True(body.Length > json.Length, "the body must carry multi-byte UTF-8 characters");

        var response = await _client.SendAsync(Webhooks.Post(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var subscriber = await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<ISubscriberGrain>(from).GetAsync();
        Assert.True(subscriber.IsSubscribed);
        await Eventually.UntilAsync(() => factory.Outbox.List(from).Count == 1, "the welcome in the sandbox outbox");
    }
}
