using System.Net;
using System.Text.Json;
using static Vimercate.Api.Tests.Campaigns.PressOfficeApiFactory;
using static Vimercate.Api.Tests.Campaigns.PressOfficeRequests;

namespace Vimercate.Api.Tests.Campaigns;

/// <summary>Reading, listing and cancelling campaigns.</summary>
public sealed class CampaignQueryTests(PressOfficeApiFactory factory) : IClassFixture<PressOfficeApiFactory>
{
    private static readonly TimeZoneInfo Rome = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");

    [Fact]
    public async Task CreatedCampaignReadsBackWithItsCounts()
    {
        using var client = factory.ClientFor(Editor);
        var scheduledAt = new DateTimeOffset(DateTimeOffset.UtcNow.AddDays(10).UtcDateTime.Date.AddHours(7), TimeSpan.Zero);
        var body = News("Consiglio comunale", scheduledAt);
        body["media"] = new Dictionary<string, object?> { ["kind"] = "document", ["url"] = "https://www.comune.vimercate.mb.it/odg.pdf", ["filename"] = "odg.pdf" };
        var created = await (await client.CreateCampaignAsync(body)).ReadAcceptedCampaignAsync();

        var campaign = await (await client.GetAsync($"/api/campaigns/{created.GetProperty("id").GetString()}")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.StartsWith("c-", campaign.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("Consiglio comunale", campaign.GetProperty("title").GetString());
        Assert.Equal("news", campaign.GetProperty("category").GetString());
        Assert.Equal("scheduled", campaign.GetProperty("status").GetString());
        Assert.Equal(scheduledAt, campaign.GetProperty("scheduledAt").GetDateTimeOffset());
        Assert.Equal(Rome.GetUtcOffset(scheduledAt), campaign.GetProperty("scheduledAt").GetDateTimeOffset().Offset);
        Assert.Equal(Editor.Name, campaign.GetProperty("createdBy").GetString());
        Assert.Equal("document", campaign.GetProperty("media").GetProperty("kind").GetString());
        Assert.Equal("odg.pdf", campaign.GetProperty("media").GetProperty("filename").GetString());
        Assert.Equal(JsonValueKind.Null, campaign.GetProperty("emergencyReason").ValueKind);
        Assert.Equal(JsonValueKind.Null, campaign.GetProperty("startedAt").ValueKind);
        var counts = campaign.GetProperty("counts");
        Assert.Equal(
            ["audience", "delivered", "failed", "pending", "read", "sent"],
            counts.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.All(counts.EnumerateObject(), count => Assert.Equal(0, count.Value.GetInt32()));
        foreach (var field in new[] { "createdAt", "scheduledAt", "startedAt", "completedAt", "estimatedCompletionAt", "text" })
        {
            Assert.True(campaign.TryGetProperty(field, out _), $"The campaign has no {field}.");
        }
    }

    [Fact]
    public async Task UnknownCampaignIsNotFound()
    {
        using var client = factory.ClientFor(Editor);

        await (await client.GetAsync("/api/campaigns/c-nessuna")).ReadProblemAsync(HttpStatusCode.NotFound, "not-found");
        await (await client.PostAsync("/api/campaigns/c-nessuna/cancel", null)).ReadProblemAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task ListIsNewestFirstPagedAndFilteredByStatus()
    {
        using var client = factory.ClientFor(Editor);
        var week = Vimercate.Abstractions.QuotaWeek.Containing(DateTimeOffset.UtcNow.AddDays(21), Rome);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var created = await (await client.CreateCampaignAsync(News($"Avviso {i + 1}", week.Start.AddDays(i).AddHours(10)))).ReadAcceptedCampaignAsync();
            ids.Add(created.GetProperty("id").GetString()!);
        }

        await (await client.PostAsync($"/api/campaigns/{ids[1]}/cancel", null)).ReadJsonAsync(HttpStatusCode.OK);

        var all = await ListAsync(client, "pageSize=100");
        var ours = all.Where(ids.Contains).ToList();
        Assert.Equal(Enumerable.Reverse(ids), ours);

        var firstPage = await (await client.GetAsync("/api/campaigns?page=1&pageSize=2")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, firstPage.GetProperty("page").GetInt32());
        Assert.Equal(2, firstPage.GetProperty("pageSize").GetInt32());
        Assert.Equal(all.Count, firstPage.GetProperty("total").GetInt32());
        Assert.Equal(all.Take(2), Ids(firstPage));
        var secondPage = await ListAsync(client, "page=2&pageSize=2");
        Assert.Equal(all.Skip(2).Take(2), secondPage);
        Assert.Empty(await ListAsync(client, $"page={all.Count + 1}&pageSize=1"));

        var cancelled = await (await client.GetAsync("/api/campaigns?status=cancelled&pageSize=100")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal([ids[1]], Ids(cancelled).Where(ids.Contains));
        Assert.Equal(Ids(cancelled).Count, cancelled.GetProperty("total").GetInt32());
        Assert.All(cancelled.GetProperty("items").EnumerateArray(), item => Assert.Equal("cancelled", item.GetProperty("status").GetString()));
        var scheduled = await ListAsync(client, "status=scheduled&pageSize=100");
        Assert.DoesNotContain(ids[1], scheduled);
        Assert.Contains(ids[0], scheduled);
    }

    [Fact]
    public async Task ListWithoutQueryUsesTheFirstPageOfTwenty()
    {
        using var client = factory.ClientFor(Editor);

        var list = await (await client.GetAsync("/api/campaigns")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(1, list.GetProperty("page").GetInt32());
        Assert.Equal(20, list.GetProperty("pageSize").GetInt32());
    }

    [Fact]
    public async Task CancellingAScheduledCampaignStopsIt()
    {
        using var client = factory.ClientFor(Editor);
        var created = await (await client.CreateCampaignAsync(News("Festa patronale", DateTimeOffset.UtcNow.AddDays(2)))).ReadAcceptedCampaignAsync();
        var id = created.GetProperty("id").GetString();

        var cancelled = await (await client.PostAsync($"/api/campaigns/{id}/cancel", null)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        var again = await (await client.PostAsync($"/api/campaigns/{id}/cancel", null)).ReadProblemAsync(HttpStatusCode.Conflict, "conflict");
        Assert.Equal("cancelled", again.GetProperty("campaignStatus").GetString());
    }

    [Fact]
    public async Task CancellingACompletedCampaignIsAConflict()
    {
        using var client = factory.ClientFor(Editor);
        var created = await (await client.CreateCampaignAsync(News("Nessun iscritto ancora"))).ReadAcceptedCampaignAsync();
        var id = created.GetProperty("id").GetString();
        await WaitForStatusAsync(client, id!, "completed");

        var response = await client.PostAsync($"/api/campaigns/{id}/cancel", null);

        var problem = await response.ReadProblemAsync(HttpStatusCode.Conflict, "conflict");
        Assert.Equal("completed", problem.GetProperty("campaignStatus").GetString());
        var campaign = await (await client.GetAsync($"/api/campaigns/{id}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("completed", campaign.GetProperty("status").GetString());
    }

    private static async Task<List<string>> ListAsync(HttpClient client, string query) =>
        Ids(await (await client.GetAsync($"/api/campaigns?{query}")).ReadJsonAsync(HttpStatusCode.OK));

    private static List<string> Ids(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetString()!).ToList();

    private static Task WaitForStatusAsync(HttpClient client, string id, string status) =>
        Eventually.UntilAsync(
            async () => (await (await client.GetAsync($"/api/campaigns/{id}")).ReadJsonAsync(HttpStatusCode.OK)).GetProperty("status").GetString(),
            last => last == status,
            $"campaign {id} to become {status}");
}
