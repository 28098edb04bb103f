using System.Net;
using static Vimercate.Api.Tests.Campaigns.PressOfficeApiFactory;
using static Vimercate.Api.Tests.Campaigns.PressOfficeRequests;

namespace Vimercate.Api.Tests.Campaigns;

/// <summary>Idempotency-Key: a retried create returns the same campaign and takes no second slot.</summary>
public sealed class IdempotencyTests(PressOfficeApiFactory factory) : IClassFixture<PressOfficeApiFactory>
{
    [Fact]
    public async Task RetryWithTheSameKeyAndBodyReturnsTheSameCampaign()
    {
        using var client = factory.ClientFor(Editor);
        var usedBefore = await UsedThisWeekAsync(client);
        var key = Guid.NewGuid().ToString();

        var first = await (await client.CreateCampaignAsync(News("Mercato sospeso"), key)).ReadAcceptedCampaignAsync();
        var retry = await (await client.CreateCampaignAsync(News("Mercato sospeso"), key)).ReadAcceptedCampaignAsync();

        Assert.Equal(first.GetProperty("id").GetString(), retry.GetProperty("id").GetString());
        Assert.Equal(usedBefore + 1, await UsedThisWeekAsync(client));
        var listed = await (await client.GetAsync("/api/campaigns?pageSize=100")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Single(listed.GetProperty("items").EnumerateArray(), item => item.GetProperty("title").GetString() == "Mercato sospeso");
    }

    [Fact]
    public async Task SameKeyWithAnotherBodyIsAConflict()
    {
        using var client = factory.ClientFor(Editor);
        var key = Guid.NewGuid().ToString();
        var scheduledAt = DateTimeOffset.UtcNow.AddDays(3);
        await (await client.CreateCampaignAsync(News("Asfaltatura via Milano", scheduledAt), key)).ReadAcceptedCampaignAsync();

        var response = await client.CreateCampaignAsync(News("Asfaltatura via Roma", scheduledAt), key);

        await response.ReadProblemAsync(HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task KeysOfDifferentApiKeysDoNotMeet()
    {
        using var editor = factory.ClientFor(Editor);
        using var admin = factory.ClientFor(Admin);
        var key = Guid.NewGuid().ToString();
        var scheduledAt = DateTimeOffset.UtcNow.AddDays(4);

        var byEditor = await (await editor.CreateCampaignAsync(News("Sportello anagrafe", scheduledAt), key)).ReadAcceptedCampaignAsync();
        var byAdmin = await (await admin.CreateCampaignAsync(News("Sportello anagrafe", scheduledAt), key)).ReadAcceptedCampaignAsync();

        Assert.NotEqual(byEditor.GetProperty("id").GetString(), byAdmin.GetProperty("id").GetString());
    }

    [Fact]
    public async Task InvalidRequestDoesNotUseUpTheKey()
    {
        using var client = factory.ClientFor(Editor);
        var key = Guid.NewGuid().ToString();
        await (await client.CreateCampaignAsync(News(title: ""), key)).ReadValidationErrorsAsync();

        var campaign = await (await client.CreateCampaignAsync(News("Biblioteca chiusa", DateTimeOffset.UtcNow.AddDays(5)), key)).ReadAcceptedCampaignAsync();

        Assert.Equal("Biblioteca chiusa", campaign.GetProperty("title").GetString());
    }

    [Fact]
    public async Task WithoutAKeyEachRequestIsANewCampaign()
    {
        using var client = factory.ClientFor(Editor);
        var scheduledAt = DateTimeOffset.UtcNow.AddDays(6);

        var first = await (await client.CreateCampaignAsync(News("Raccolta rifiuti", scheduledAt))).ReadAcceptedCampaignAsync();
        var second = await (await client.CreateCampaignAsync(News("Raccolta rifiuti", scheduledAt))).ReadAcceptedCampaignAsync();

        Assert.NotEqual(first.GetProperty("id").GetString(), second.GetProperty("id").GetString());
    }

    private static async Task<int> UsedThisWeekAsync(HttpClient client) =>
        (await (await client.GetAsync("/api/quota")).ReadJsonAsync(HttpStatusCode.OK)).GetProperty("used").GetInt32();
}
