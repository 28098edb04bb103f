using System.Net;
using System.Net.Http.Json;
using Vimercate.Api.Tests.Campaigns;

namespace Vimercate.Api.Tests.Privacy;

/// <summary>Outside Development the sandbox lists and acts for any number, so it needs an admin key; in Development it is open for a newcomer.</summary>
public sealed class SandboxAccessTests
{
    private const string Number = "393481500001";

    [Fact]
    public async Task InProductionTheSandboxAnswersOnlyAnAdminKey()
    {
        await using var factory = new PressOfficeApiFactory { EnvironmentName = "Production" };

        foreach (var client in new[] { factory.CreateClient(), factory.ClientFor(PressOfficeApiFactory.Editor), factory.ClientFor(PressOfficeApiFactory.Dpo) })
        {
            using var inbound = await client.PostAsJsonAsync("/sandbox/inbound", new { from = Number, text = "Vimercate Info" });
            using var outbox = await client.GetAsync("/sandbox/outbox");
            using var stream = await client.GetAsync($"/sandbox/outbox/events?to={Number}", HttpCompletionOption.ResponseHeadersRead);
            var expected = client.DefaultRequestHeaders.Contains("X-Api-Key") ? HttpStatusCode.Forbidden : HttpStatusCode.Unauthorized;
            Assert.Equal([expected, expected, expected], new[] { inbound.StatusCode, outbox.StatusCode, stream.StatusCode });
        }

        Assert.False((await factory.Grains.GetGrain<Vimercate.Abstractions.ISubscriberGrain>(Number).GetAsync()).IsSubscribed);
        var admin = factory.ClientFor(PressOfficeApiFactory.Admin);
        using (var subscribed = await admin.PostAsJsonAsync("/sandbox/inbound", new { from = Number, text = "Vimercate Info" }))
        {
            Assert.Equal(HttpStatusCode.OK, subscribed.StatusCode);
        }

        using var listed = await admin.GetAsync($"/sandbox/outbox?to={Number}");
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
    }

    [Fact]
    public async Task InDevelopmentTheSandboxIsOpenAsTheReadmeWalkThroughUsesIt()
    {
        await using var factory = new PressOfficeApiFactory { EnvironmentName = "Development" };
        var anonymous = factory.CreateClient();

        using var inbound = await anonymous.PostAsJsonAsync("/sandbox/inbound", new { from = Number, text = "Vimercate Info" });
        using var outbox = await anonymous.GetAsync($"/sandbox/outbox?to={Number}");

        Assert.Equal(HttpStatusCode.OK, inbound.StatusCode);
        Assert.Equal(HttpStatusCode.OK, outbox.StatusCode);
    }
}
