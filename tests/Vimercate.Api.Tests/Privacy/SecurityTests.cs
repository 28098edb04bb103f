using System.Net;
using System.Text;
using Vimercate.Api.Tests.Campaigns;

namespace Vimercate.Api.Tests.Privacy;

/// <summary>Security headers, body limits and the Orleans dashboard for admins only.</summary>
[Collection(PrivacyApiCollection.Name)]
public sealed class SecurityTests(PrivacyApiFactory factory)
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/api/quota")]
    [InlineData("/webhooks/whatsapp?hub.mode=subscribe")]
    [InlineData("/dashboard/index.html")]
    public async Task EveryResponseCarriesTheSecurityHeaders(string path)
    {
        using var response = await factory.CreateClient().GetAsync(path);

        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("frame-ancestors 'none'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task ARequestBodyOverTheLimitIsRefusedOnTheApiButNotOnTheWebhook()
    {
        var text = new string('a', 70 * 1024);
        var body = new StringContent($$"""{ "title": "Troppo", "text": "{{text}}", "category": "news" }""", Encoding.UTF8, "application/json");

        using var campaign = await factory.ClientFor(PressOfficeApiFactory.Editor).PostAsync("/api/campaigns", body);

        await campaign.ReadProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        var webhookBody = Encoding.UTF8.GetBytes(Webhooks.Envelope($"\"padding\": \"{new string('b', 1024 * 1024)}\", \"messages\": []"));
        var webhook = new HttpRequestMessage(HttpMethod.Post, Webhooks.Route) { Content = new ByteArrayContent(webhookBody) };
        webhook.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        webhook.Headers.Add("X-Hub-Signature-256", Webhooks.Sign(webhookBody, PrivacyApiFactory.AppSecret));
        using var accepted = await factory.CreateClient().SendAsync(webhook);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task TheDashboardRefusesEveryKeyButAdmin()
    {
        using (var anonymous = await factory.CreateClient().GetAsync("/dashboard/index.html"))
        {
            await anonymous.ReadProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        }

        foreach (var key in new[] { PressOfficeApiFactory.Editor, PressOfficeApiFactory.EmergencyEditor, PressOfficeApiFactory.Dpo, PrivacyApiFactory.HashedDpo })
        {
            using var refused = await factory.ClientFor(key).GetAsync("/dashboard/index.html");
            await refused.ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        using var admin = await factory.ClientFor(PressOfficeApiFactory.Admin).GetAsync("/dashboard/index.html");
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Equal("text/html", admin.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/dashboard/Reminders")]
    [InlineData("/dashboard/Reminders/1")]
    [InlineData("/dashboard/GrainState")]
    public async Task DashboardViewsThatNameSubscribersAreSwitchedOffEvenForAdmins(string path)
    {
        using var response = await factory.ClientFor(PressOfficeApiFactory.Admin).GetAsync(path);

        await response.ReadProblemAsync(HttpStatusCode.NotFound, "not-found");
    }
}
