using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vimercate.Api.Tests.Campaigns;

namespace Vimercate.Api.Tests.Privacy;

/// <summary>GET /api/audit: every press office action with the key that did it, newest first, for admins only.</summary>
[Collection(PrivacyApiCollection.Name)]
public sealed class AuditLogTests(PrivacyApiFactory factory)
{
    private readonly HttpClient _admin = factory.ClientFor(PressOfficeApiFactory.Admin);

    [Fact]
    public async Task EveryPressOfficeActionIsRecordedWithItsKeyNewestFirst()
    {
        var editor = factory.ClientFor(PressOfficeApiFactory.Editor);
        var dpo = factory.ClientFor(PressOfficeApiFactory.Dpo);
        const string Number = "393489900001";
        using (var inbound = await factory.ClientFor(PressOfficeApiFactory.Admin).PostAsJsonAsync("/sandbox/inbound", new { from = Number, text = "Vimercate Info" }))
        {
            Assert.Equal(HttpStatusCode.OK, inbound.StatusCode);
        }

        var now = await (await editor.CreateCampaignAsync(PressOfficeRequests.News("Mercato spostato"))).ReadAcceptedCampaignAsync();
        var later = await (await editor.CreateCampaignAsync(PressOfficeRequests.News("Consiglio comunale", DateTimeOffset.UtcNow.AddDays(2)))).ReadAcceptedCampaignAsync();
        var emergency = await (await factory.ClientFor(PressOfficeApiFactory.EmergencyOnly).CreateCampaignAsync(PressOfficeRequests.Emergency())).ReadAcceptedCampaignAsync();
        using (var cancel = await editor.PostAsync($"/api/campaigns/{later.GetProperty("id").GetString()}/cancel", null))
        {
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        }

        using (var read = await dpo.GetAsync($"/api/subscribers/{Number}"))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        using (var erase = await dpo.DeleteAsync($"/api/subscribers/{Number}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, erase.StatusCode);
        }

        var page = await (await _admin.GetAsync("/api/audit?page=1&pageSize=6")).ReadJsonAsync(HttpStatusCode.OK);
        var entries = page.GetProperty("items").EnumerateArray().ToList();

        Assert.Equal(
            [
                ("subscriber.erased", "data-protection"), ("subscriber.accessed", "data-protection"), ("campaign.cancelled", "news-desk"),
                ("emergency.created", "duty-officer"), ("campaign.scheduled", "news-desk"), ("campaign.created", "news-desk"),
            ],
            entries.Select(e => (e.GetProperty("action").GetString(), e.GetProperty("apiKeyName").GetString())));
        Assert.Equal(
            [later.GetProperty("id").GetString(), emergency.GetProperty("id").GetString(), later.GetProperty("id").GetString(), now.GetProperty("id").GetString()],
            entries.Skip(2).Select(e => e.GetProperty("target").GetString()));
        Assert.Contains("Allerta idrogeologica rossa della Protezione civile", entries[3].GetProperty("details").GetString(), StringComparison.Ordinal);
        Assert.Contains("scheduled for", entries[4].GetProperty("details").GetString(), StringComparison.Ordinal);
        Assert.Equal(entries[0].GetProperty("target").GetString(), entries[1].GetProperty("target").GetString());
        Assert.Matches("^subscriber:[0-9a-f]{64}$", entries[0].GetProperty("target").GetString()!);
        Assert.DoesNotContain(Number, page.GetRawText(), StringComparison.Ordinal);
        var ids = entries.Select(e => e.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(ids.OrderByDescending(id => id), ids);
        Assert.All(entries, e => Assert.Matches(@"[+-]\d\d:\d\d$", e.GetProperty("at").GetString()!));
    }

    [Fact]
    public async Task TheLogIsPagedNewestFirst()
    {
        var editor = factory.ClientFor(PressOfficeApiFactory.EmergencyEditor);
        await (await editor.CreateCampaignAsync(PressOfficeRequests.Emergency())).ReadAcceptedCampaignAsync();
        await (await editor.CreateCampaignAsync(PressOfficeRequests.Emergency())).ReadAcceptedCampaignAsync();

        var first = await (await _admin.GetAsync("/api/audit?pageSize=1")).ReadJsonAsync(HttpStatusCode.OK);
        var second = await (await _admin.GetAsync("/api/audit?page=2&pageSize=1")).ReadJsonAsync(HttpStatusCode.OK);

        var newest = Assert.Single(first.GetProperty("items").EnumerateArray().ToList());
        var before = Assert.Single(second.GetProperty("items").EnumerateArray().ToList());
        Assert.Equal(newest.GetProperty("id").GetInt64() - 1, before.GetProperty("id").GetInt64());
        Assert.Equal(first.GetProperty("total").GetInt64(), second.GetProperty("total").GetInt64());
        Assert.True(first.GetProperty("total").GetInt64() >= 2);
        Assert.Equal(2, second.GetProperty("page").GetInt32());
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("pageSize=0")]
    [InlineData("pageSize=201")]
    [InlineData("page=abc")]
    public async Task AMalformedPageIsRefused(string query)
    {
        using var response = await _admin.GetAsync($"/api/audit?{query}");

        Assert.Single(await response.ReadValidationErrorsAsync());
    }

    [Fact]
    public async Task OnlyAdminKeysMayReadTheLog()
    {
        foreach (var key in new[] { PressOfficeApiFactory.Editor, PressOfficeApiFactory.Dpo, PressOfficeApiFactory.EmergencyEditor })
        {
            using var response = await factory.ClientFor(key).GetAsync("/api/audit");
            await response.ReadProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        }

        using var anonymous = await factory.CreateClient().GetAsync("/api/audit");
        await anonymous.ReadProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }
}
