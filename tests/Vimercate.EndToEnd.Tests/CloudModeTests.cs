using System.Net;
using Vimercate.Testing.Graph;

namespace Vimercate.EndToEnd.Tests;

[Collection(CloudCollection.Name)]
public sealed class CloudModeTests(CloudApiFixture fixture)
{
    private readonly HttpClient _client = fixture.Api.CreateClient();

    [Fact]
    public async Task SignedOptInWebhookSendsTheWelcomeThroughTheGraphApi()
    {
        var response = await _client.SendAsync(Webhooks.Post(Webhooks.Fixture("text-subscribe.json")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Eventually.UntilAsync(() => fixture.Graph.RequestsTo("+393470000001").Count == 1, "the welcome at the Graph API");
        var welcome = fixture.Graph.RequestsTo("+393470000001")[0];
        Assert.Equal($"/{CloudApiFixture.ApiVersion}/{CloudApiFixture.PhoneNumberId}/messages", welcome.Path);
        Assert.Equal($"Bearer {CloudApiFixture.AccessToken}", welcome.Authorization);
        Assert.Equal("whatsapp", welcome.Json.GetProperty("messaging_product").GetString());
        Assert.Equal("individual", welcome.Json.GetProperty("recipient_type").GetString());
        Assert.Equal("text", welcome.Json.GetProperty("type").GetString());
        Assert.Contains("https://www.comune.vimercate.mb.it/privacy", welcome.Json.GetProperty("text").GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.False(welcome.Json.TryGetProperty("biz_opaque_callback_data", out _), "a reply belongs to no campaign");
    }

    [Fact]
    public async Task TransientGraphFailureIsRetriedAndTheWelcomeArrivesOnce()
    {
        const string from = "393472000101";
        fixture.Graph.Script("+" + from, GraphAnswer.Fail(GraphError.Transient));

        var response = await _client.SendAsync(Webhooks.Text(from, "wamid.E2E-TRANSIENT-0001", "Vimercate Info"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Eventually.UntilAsync(() => fixture.Graph.RequestsTo("+" + from).Any(r => r.Accepted), "the welcome accepted after the transient failure");
        await Eventually.UntilAsync(async () => (await fixture.SubscriberAsync(from)).PendingReplies == 0, "no reply left pending");
        var attempts = fixture.Graph.RequestsTo("+" + from);
        Assert.Equal([500, 200], attempts.Select(r => r.Status));
        Assert.Equal(attempts[0].Json.GetProperty("text").GetProperty("body").GetString(), attempts[1].Json.GetProperty("text").GetProperty("body").GetString());
    }

    [Fact]
    public async Task UndeliverableAnswerIsNotRetried()
    {
        const string from = "393472000201";
        fixture.Graph.Script("+" + from, GraphAnswer.Fail(GraphError.Undeliverable), GraphAnswer.Fail(GraphError.Undeliverable));

        var response = await _client.SendAsync(Webhooks.Text(from, "wamid.E2E-UNDELIVERABLE-0001", "Vimercate Info"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Eventually.UntilAsync(() => fixture.Graph.RequestsTo("+" + from).Count >= 1, "the welcome attempt at the Graph API");
        await Eventually.UntilAsync(async () => (await fixture.SubscriberAsync(from)).PendingReplies == 0, "the undeliverable reply dropped");
        Assert.Single(fixture.Graph.RequestsTo("+" + from));
        Assert.True((await fixture.SubscriberAsync(from)).IsSubscribed);
    }

    [Fact]
    public async Task AWebhookForAnotherBusinessNumberIsAnsweredAndOtherwiseIgnored()
    {
        const string from = "393472000301";

        var other = await _client.SendAsync(Webhooks.Text(from, "wamid.E2E-OTHER-NUMBER-0001", "Vimercate Info", phoneNumberId: "610000000000999"));

        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.False((await fixture.SubscriberAsync(from)).IsSubscribed);
        var ours = await _client.SendAsync(Webhooks.Text(from, "wamid.E2E-OTHER-NUMBER-0002", "Vimercate Info"));
        Assert.Equal(HttpStatusCode.OK, ours.StatusCode);
        await Eventually.UntilAsync(() => fixture.Graph.RequestsTo("+" + from).Count == 1, "the welcome for the message to our number");
        Assert.True((await fixture.SubscriberAsync(from)).IsSubscribed);
        Assert.Single(fixture.Graph.RequestsTo("+" + from));
    }

    [Fact]
    public async Task SandboxRoutesDoNotExistInCloudMode()
    {
        var outbox = await _client.GetAsync("/sandbox/outbox");

        Assert.Equal(HttpStatusCode.NotFound, outbox.StatusCode);
    }
}
