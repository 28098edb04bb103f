using System.Net;
using System.Net.Http.Json;
using Vimercate.Abstractions;
using Vimercate.Api.Tests.Campaigns;

namespace Vimercate.Api.Tests.Privacy;

/// <summary>An end-to-end run at Debug level: whatever the service and Orleans log, no subscriber number and no secret appears.</summary>
[Collection(VerboseLoggingCollection.Name)]
public sealed class LogPrivacyTests(VerboseLoggingApiFactory factory)
{
    private const string WebhookSubscriber = "393471234561";
    private const string SandboxSubscriber = "393471234562";
    private const string StrangeWriter = "393471234563";
    private const string NewNumber = "393471234564";
    private const string BrokenKey = "0393471234565";

    [Fact]
    public async Task CapturedLogsOfAnEndToEndRunContainNoSubscriberNumberAndNoSecret()
    {
        var client = factory.ClientFor(PressOfficeApiFactory.Admin);

        await PostWebhookAsync(client, Webhooks.TextMessage(WebhookSubscriber, "wamid.LOG-1", "Vimercate Info", 1764403200));
        await PostWebhookAsync(client, $$"""{ "from": "{{StrangeWriter}}", "id": "wamid.LOG-2", "timestamp": "1764403201", "type": "hologram", "hologram": {} }""");
        await PostWebhookAsync(client, $$"""{ "from": "{{StrangeWriter}}", "id": "wamid.LOG-3", "timestamp": "not-a-time", "type": "text", "text": { "body": "ciao" } }""");
        using (var sandbox = await client.PostAsJsonAsync("/sandbox/inbound", new { from = SandboxSubscriber, text = "Vimercate Info" }))
        {
            Assert.Equal(HttpStatusCode.OK, sandbox.StatusCode);
        }

        await PostWebhookAsync(client, Webhooks.TextMessage(WebhookSubscriber, "wamid.LOG-4", "stop", 1764403300));
        await PostWebhookAsync(client, $$"""
            { "from": "{{SandboxSubscriber}}", "id": "wamid.LOG-5", "timestamp": "1764403400", "type": "system",
              "system": { "body": "User A changed from {{SandboxSubscriber}} to {{NewNumber}}", "wa_id": "{{NewNumber}}", "type": "user_changed_number" } }
            """);
        using (var outbox = await client.GetAsync($"/sandbox/outbox?to={WebhookSubscriber}"))
        {
            Assert.Equal(HttpStatusCode.OK, outbox.StatusCode);
        }

        var dpo = factory.ClientFor(PressOfficeApiFactory.Dpo);
        using (var access = await dpo.GetAsync($"/api/subscribers/%2B{WebhookSubscriber}"))
        {
            Assert.Equal(HttpStatusCode.OK, access.StatusCode);
        }

        using (var erasure = await dpo.DeleteAsync($"/api/subscribers/{SandboxSubscriber}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, erasure.StatusCode);
        }

        using (var wrongKey = await factory.ClientWithKey(PressOfficeApiFactory.Admin.Key + "-guess").GetAsync($"/api/subscribers/{StrangeWriter}"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        }

        using (var campaign = await factory.ClientFor(PressOfficeApiFactory.EmergencyEditor).CreateCampaignAsync(PressOfficeRequests.Emergency()))
        {
            Assert.Equal(HttpStatusCode.Accepted, campaign.StatusCode);
        }

        // Orleans itself names the grain when an activation fails.
        await Assert.ThrowsAnyAsync<Exception>(() => factory.Grains.GetGrain<ISubscriberGrain>(BrokenKey).GetAsync());
        await Eventually.UntilAsync(
            () => factory.Outbox.List(WebhookSubscriber).Count == 2 && factory.Outbox.List(StrangeWriter).Count == 1,
            "the welcome, the confirmation and the auto-reply handed to the sandbox");

        var lines = factory.Logs.Lines;
        foreach (var number in new[] { WebhookSubscriber, SandboxSubscriber, StrangeWriter, NewNumber, BrokenKey, BrokenKey[1..] })
        {
            var leaks = lines.Where(line => line.Contains(number, StringComparison.Ordinal)).ToList();
            Assert.True(leaks.Count == 0, $"{leaks.Count} captured log lines contain {number}, e.g.: {leaks.FirstOrDefault()}");
        }

        var secrets = PressOfficeApiFactory.Keys.Append(PrivacyApiFactory.HashedDpo).Select(key => key.Key).Append(PrivacyApiFactory.AppSecret);
        foreach (var secret in secrets)
        {
            Assert.Empty(factory.Logs.Containing(secret));
        }

        Assert.NotEmpty(factory.Logs.Containing(PhoneNumbers.Mask(WebhookSubscriber)));
        Assert.NotEmpty(factory.Logs.Containing(PhoneNumbers.Mask(StrangeWriter)));
        Assert.Contains(
            factory.Logs.Containing(PhoneNumbers.Mask(BrokenKey)),
            line => line.StartsWith("Orleans.", StringComparison.Ordinal) || line.StartsWith("Microsoft.Orleans", StringComparison.Ordinal));
    }

    private static async Task PostWebhookAsync(HttpClient client, string message)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(Webhooks.Envelope($"\"messages\": [ {message} ]"));
        var request = new HttpRequestMessage(HttpMethod.Post, Webhooks.Route) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Hub-Signature-256", Webhooks.Sign(body, PrivacyApiFactory.AppSecret));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
