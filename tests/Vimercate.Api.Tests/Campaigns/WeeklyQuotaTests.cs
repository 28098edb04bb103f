using System.Net;
using Vimercate.Abstractions;
using static Vimercate.Api.Tests.Campaigns.PressOfficeApiFactory;
using static Vimercate.Api.Tests.Campaigns.PressOfficeRequests;

namespace Vimercate.Api.Tests.Campaigns;

/// <summary>At most ten non-emergency campaigns per calendar week in Europe/Rome; emergencies always pass.</summary>
public sealed class WeeklyQuotaTests(PressOfficeApiFactory factory) : IClassFixture<PressOfficeApiFactory>
{
    private static readonly TimeZoneInfo Rome = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");

    [Fact]
    public async Task EleventhNewsCampaignInAWeekIsRefused()
    {
        using var client = factory.ClientFor(Editor);
        var week = WeeksAhead(3);
        for (var i = 0; i < 10; i++)
        {
            await (await client.CreateCampaignAsync(News($"Notizia {i + 1}", week.Start.AddHours(9 + i)))).ReadAcceptedCampaignAsync();
        }

        var response = await client.CreateCampaignAsync(News("Notizia 11", week.Start.AddDays(6)));

        var problem = await response.ReadProblemAsync(HttpStatusCode.Conflict, "weekly-limit-reached");
        Assert.Equal(10, problem.GetProperty("limit").GetInt32());
        Assert.Equal(10, problem.GetProperty("used").GetInt32());
        Assert.Equal(week.End, problem.GetProperty("resetsAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task EmergencyBeyondTheLimitIsAccepted()
    {
        using var client = factory.ClientFor(EmergencyEditor);
        var week = WeeksAhead(5);
        for (var i = 0; i < 10; i++)
        {
            await (await client.CreateCampaignAsync(News($"Notizia {i + 1}", week.Start.AddHours(9 + i)))).ReadAcceptedCampaignAsync();
        }

        await (await client.CreateCampaignAsync(News("Una di troppo", week.Start.AddDays(2)))).ReadProblemAsync(HttpStatusCode.Conflict, "weekly-limit-reached");
        var emergency = await (await client.CreateCampaignAsync(Emergency(week.Start.AddDays(2)))).ReadAcceptedCampaignAsync();

        Assert.Equal("Allerta idrogeologica rossa della Protezione civile", emergency.GetProperty("emergencyReason").GetString());
    }

    [Fact]
    public async Task CancellingAScheduledCampaignGivesItsSlotBack()
    {
        using var client = factory.ClientFor(Editor);
        var week = WeeksAhead(7);
        var ids = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var created = await (await client.CreateCampaignAsync(News($"Notizia {i + 1}", week.Start.AddHours(9 + i)))).ReadAcceptedCampaignAsync();
            ids.Add(created.GetProperty("id").GetString()!);
        }

        await (await client.PostAsync($"/api/campaigns/{ids[0]}/cancel", null)).ReadJsonAsync(HttpStatusCode.OK);

        await (await client.CreateCampaignAsync(News("Al posto della prima", week.Start.AddDays(4)))).ReadAcceptedCampaignAsync();
    }

    [Fact]
    public async Task QuotaShowsThisWeeksFigures()
    {
        using var client = factory.ClientFor(EmergencyEditor);
        var week = QuotaWeek.Containing(DateTimeOffset.UtcNow, Rome);

        await (await client.CreateCampaignAsync(News("Oggi in comune"))).ReadAcceptedCampaignAsync();
        await (await client.CreateCampaignAsync(News("Domani in comune"))).ReadAcceptedCampaignAsync();
        await (await client.CreateCampaignAsync(Emergency())).ReadAcceptedCampaignAsync();
        var quota = await (await client.GetAsync("/api/quota")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(10, quota.GetProperty("limit").GetInt32());
        Assert.Equal(2, quota.GetProperty("used").GetInt32());
        Assert.Equal(8, quota.GetProperty("remaining").GetInt32());
        Assert.Equal(1, quota.GetProperty("emergencies").GetInt32());
        Assert.Equal(week.Start, quota.GetProperty("weekStart").GetDateTimeOffset());
        Assert.Equal(week.End, quota.GetProperty("resetsAt").GetDateTimeOffset());
        Assert.Equal(Rome.GetUtcOffset(week.Start), quota.GetProperty("weekStart").GetDateTimeOffset().Offset);
    }

    private static QuotaWeek WeeksAhead(int weeks) => QuotaWeek.Containing(DateTimeOffset.UtcNow.AddDays(7 * weeks), Rome);
}
