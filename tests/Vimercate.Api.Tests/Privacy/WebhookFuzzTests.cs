using System.Net;
using Vimercate.Abstractions;

namespace Vimercate.Api.Tests.Privacy;

/// <summary>Hostile but correctly signed webhook bodies: never a 5xx, never a crash, never a change for what is invalid.</summary>
[Collection(PrivacyApiCollection.Name)]
public sealed class WebhookFuzzTests(PrivacyApiFactory factory)
{
    private const int Bodies = 10_000;

    [Fact]
    public async Task TenThousandHostileSignedBodiesGetNoServerErrorAndChangeNothingUnlessValid()
    {
        var client = factory.CreateClient();
        var generator = new HostileWebhookBodies(seed: 20260302);
        var audienceBefore = await factory.AudienceSizeAsync();
        var outboxBefore = factory.Outbox.Count;
        var seen = new Dictionary<(HostileKind, HttpStatusCode), int>();
        var validSenders = new List<string>();

        for (var i = 0; i < Bodies; i++)
        {
            var body = generator.Next(i);
            using var response = await client.SendAsync(Signed(body.Bytes));
            var key = (body.Kind, response.StatusCode);
            seen[key] = seen.GetValueOrDefault(key) + 1;
            Assert.True((int)response.StatusCode < 500, $"Body {i} ({body.Kind}, {body.Bytes.Length} bytes) answered {(int)response.StatusCode}.");
            Assert.Equal(Expected(body), response.StatusCode);
            if (body.ValidSender is { } sender)
            {
                validSenders.Add(sender);
            }
        }

        foreach (var kind in Enum.GetValues<HostileKind>())
        {
            Assert.True(seen.Keys.Any(key => key.Item1 == kind), $"The generator produced no body of kind {kind}.");
        }

        await Eventually.UntilAsync(() => factory.Outbox.Count - outboxBefore >= validSenders.Count, "an auto-reply to every valid sender");
        Assert.All(validSenders, sender => Assert.Single(factory.Outbox.List(sender)));
        Assert.Equal(validSenders.Count, factory.Outbox.Count - outboxBefore);
        Assert.Equal(audienceBefore, await factory.AudienceSizeAsync());
        foreach (var sender in HostileWebhookBodies.InvalidMessageSenders)
        {
            Assert.False((await factory.Grains.GetGrain<ISubscriberGrain>(sender).ExportAsync()).IsKnown, $"{sender} was written to by an invalid message.");
        }

        using var health = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    // Meta's bodies are at most 3 MB; the webhook refuses larger ones before reading what they say.
    private static HttpStatusCode Expected(HostileBody body) => body.Bytes.Length > 3 * 1024 * 1024
        ? HttpStatusCode.RequestEntityTooLarge
        : body.Kind switch
        {
            HostileKind.NotJson or HostileKind.NotAnObject or HostileKind.TooDeep => HttpStatusCode.BadRequest,
            HostileKind.TooLarge => HttpStatusCode.RequestEntityTooLarge,
            _ => HttpStatusCode.OK,
        };

    private static HttpRequestMessage Signed(byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Webhooks.Route) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Hub-Signature-256", Webhooks.Sign(body, PrivacyApiFactory.AppSecret));
        return request;
    }
}
