using System.Net;
using static Vimercate.Api.Tests.Campaigns.PressOfficeApiFactory;
using static Vimercate.Api.Tests.Campaigns.PressOfficeRequests;

namespace Vimercate.Api.Tests.Campaigns;

/// <summary>Who may call which route: X-Api-Key and roles.</summary>
public sealed class ApiKeySecurityTests(PressOfficeApiFactory factory) : IClassFixture<PressOfficeApiFactory>
{
    public static TheoryData<string, string> Routes => new()
    {
        { "GET", "/api/campaigns" },
        { "POST", "/api/campaigns" },
        { "GET", "/api/campaigns/c-any" },
        { "POST", "/api/campaigns/c-any/cancel" },
        { "GET", "/api/quota" },
        { "GET", "/api/subscribers/stats" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task RequestWithoutKeyIsUnauthorized(string method, string path)
    {
        using var client = factory.CreateClient();
        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? JsonBody(News()) : null });

        await response.ReadProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Contains("X-Api-Key", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task RequestWithUnknownKeyIsUnauthorized(string method, string path)
    {
        using var client = factory.ClientWithKey("editor-key-0123456788");
        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? JsonBody(News()) : null });

        await response.ReadProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task DpoKeyIsForbiddenEveryPressOfficeRoute(string method, string path)
    {
        using var client = factory.ClientFor(Dpo);
        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? JsonBody(News()) : null });

        await response.ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task EditorCannotCreateAnEmergency()
    {
        using var client = factory.ClientFor(Editor);

        var response = await client.CreateCampaignAsync(Emergency());

        var problem = await response.ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Contains("emergency role", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditorWithTheEmergencyRoleCreatesAnEmergency()
    {
        using var client = factory.ClientFor(EmergencyEditor);

        var campaign = await (await client.CreateCampaignAsync(Emergency())).ReadAcceptedCampaignAsync();

        Assert.Equal("emergency", campaign.GetProperty("category").GetString());
        Assert.Equal(EmergencyEditor.Name, campaign.GetProperty("createdBy").GetString());
    }

    [Fact]
    public async Task EmergencyOnlyKeyCreatesEmergenciesButNeitherNewsNorListings()
    {
        using var client = factory.ClientFor(EmergencyOnly);

        await (await client.CreateCampaignAsync(Emergency())).ReadAcceptedCampaignAsync();
        await (await client.CreateCampaignAsync(News())).ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await client.GetAsync("/api/campaigns")).ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task AnEmergencyIsCancelledOnlyByAKeyWithTheEmergencyRole()
    {
        var emergency = await (await factory.ClientFor(EmergencyEditor).CreateCampaignAsync(Emergency(scheduledAt: DateTimeOffset.UtcNow.AddDays(2)))).ReadAcceptedCampaignAsync();
        var id = emergency.GetProperty("id").GetString();

        await (await factory.ClientFor(Editor).PostAsync($"/api/campaigns/{id}/cancel", null)).ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var still = await (await factory.ClientFor(Editor).GetAsync($"/api/campaigns/{id}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("scheduled", still.GetProperty("status").GetString());

        var cancelled = await (await factory.ClientFor(EmergencyOnly).PostAsync($"/api/campaigns/{id}/cancel", null)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
    }

    [Fact]
    public async Task AdminMayDoEverything()
    {
        using var client = factory.ClientFor(Admin);

        var news = await (await client.CreateCampaignAsync(News(scheduledAt: DateTimeOffset.UtcNow.AddDays(2)))).ReadAcceptedCampaignAsync();
        await (await client.CreateCampaignAsync(Emergency())).ReadAcceptedCampaignAsync();
        var id = news.GetProperty("id").GetString();
        await (await client.GetAsync("/api/campaigns")).ReadJsonAsync(HttpStatusCode.OK);
        await (await client.GetAsync($"/api/campaigns/{id}")).ReadJsonAsync(HttpStatusCode.OK);
        var cancelled = await (await client.PostAsync($"/api/campaigns/{id}/cancel", null)).ReadJsonAsync(HttpStatusCode.OK);
        await (await client.GetAsync("/api/quota")).ReadJsonAsync(HttpStatusCode.OK);
        await (await client.GetAsync("/api/subscribers/stats")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(Admin.Name, news.GetProperty("createdBy").GetString());
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
    }

    [Fact]
    public async Task EditorReadsQuotaAndStatistics()
    {
        using var client = factory.ClientFor(Editor);

        await (await client.GetAsync("/api/quota")).ReadJsonAsync(HttpStatusCode.OK);
        await (await client.GetAsync("/api/subscribers/stats")).ReadJsonAsync(HttpStatusCode.OK);
    }

    private static HttpContent JsonBody(object body) => System.Net.Http.Json.JsonContent.Create(body, options: Json);
}

/// <summary>The development key exists in the Development environment only.</summary>
public sealed class DevelopmentKeyTests
{
    private const string DevelopmentKey = "dev-press-office-key";

    [Fact]
    public async Task DevelopmentKeyIsAnAdminInDevelopment()
    {
        await using var factory = new PressOfficeApiFactory { EnvironmentName = "Development", ConfigureTestKeys = false };
        using var client = factory.ClientWithKey(DevelopmentKey);

        await (await client.GetAsync("/api/subscribers/stats")).ReadJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task DevelopmentKeyIsRefusedInProduction()
    {
        await using var factory = new PressOfficeApiFactory { EnvironmentName = "Production", ConfigureTestKeys = false };
        using var client = factory.ClientWithKey(DevelopmentKey);

        await (await client.GetAsync("/api/subscribers/stats")).ReadProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }
}
