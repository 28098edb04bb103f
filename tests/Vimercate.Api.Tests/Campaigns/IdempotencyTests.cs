using System.Net;
using Vimercate.Abstractions;
using Vimercate.Idempotency;
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

    [Fact]
    public async Task RetryAfterARefusalReusesTheCampaignIdTheKeyWasBoundTo()
    {
        using var client = factory.ClientFor(Editor);
        var week = QuotaWeek.Containing(DateTimeOffset.UtcNow.AddDays(63), TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome"));
        var ids = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var created = await (await client.CreateCampaignAsync(News($"Notizia {i + 1}", week.Start.AddHours(9 + i)))).ReadAcceptedCampaignAsync();
            ids.Add(created.GetProperty("id").GetString()!);
        }

        var key = Guid.NewGuid().ToString();
        var body = News("Mostra in villa Sottocasa", week.Start.AddDays(3));
        await (await client.CreateCampaignAsync(body, key)).ReadProblemAsync(HttpStatusCode.Conflict, "weekly-limit-reached");
        var bound = await factory.Grains.GetGrain<IIdempotencyGrain>(IdempotencyKeys.For(Editor.Name, key)).GetAsync();
        Assert.NotNull(bound);
        Assert.Equal(week.Key, bound.WeekKey);

        await (await client.PostAsync($"/api/campaigns/{ids[0]}/cancel", null)).ReadJsonAsync(HttpStatusCode.OK);
        var retried = await (await client.CreateCampaignAsync(body, key)).ReadAcceptedCampaignAsync();

        Assert.Equal(bound.CampaignId, retried.GetProperty("id").GetString());
    }

    private static async Task<int> UsedThisWeekAsync(HttpClient client) =>
        (await (await client.GetAsync("/api/quota")).ReadJsonAsync(HttpStatusCode.OK)).GetProperty("used").GetInt32();
}
