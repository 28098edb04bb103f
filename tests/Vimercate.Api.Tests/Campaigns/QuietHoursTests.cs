using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vimercate.Abstractions;
using Vimercate.Api.Quota;
using Vimercate.Hosting;
using static Vimercate.Api.Tests.Campaigns.PressOfficeApiFactory;
using static Vimercate.Api.Tests.Campaigns.PressOfficeRequests;

namespace Vimercate.Api.Tests.Campaigns;

/// <summary>The API with quiet hours from 21:00 to 08:00 and a press office clock the tests set (grains keep real time).</summary>
public sealed class QuietHoursApiFactory : PressOfficeApiFactory
{
    /// <summary>"Now" for the press office API: when a request arrives.</summary>
    public SettableClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Service:QuietHours", "21:00-08:00");
        builder.ConfigureTestServices(services =>
            services.AddSingleton(provider => new ServiceCalendar(Clock, provider.GetRequiredService<IOptions<ServiceOptions>>())));
    }
}

/// <summary>A clock that shows whatever time a test sets.</summary>
public sealed class SettableClock : TimeProvider
{
    /// <summary>The current instant.</summary>
    public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>News and weather asked for now between 21:00 and 08:00 wait for 08:00; emergencies and explicit times do not.</summary>
public sealed class QuietHoursTests(QuietHoursApiFactory factory) : IClassFixture<QuietHoursApiFactory>
{
    private static readonly TimeZoneInfo Rome = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");

    // A Sunday some weeks ahead, so that every time the tests use is still to come for the grains' real clock.
    private static readonly DateOnly Sunday = NextSunday(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(21));

    [Fact]
    public async Task NewsPostedOnSundayNightWaitsForMondayMorningAndCountsInMondaysWeek()
    {
        factory.Clock.Now = Local(Sunday, 22, 30);
        using var client = factory.ClientFor(Editor);

        var campaign = await (await client.CreateCampaignAsync(News("Mercato di lunedì"))).ReadAcceptedCampaignAsync();

        var monday = Local(Sunday.AddDays(1), 8, 0);
        Assert.Equal("scheduled", campaign.GetProperty("status").GetString());
        Assert.Equal(monday, campaign.GetProperty("scheduledAt").GetDateTimeOffset());
        Assert.Equal(monday.Offset, campaign.GetProperty("scheduledAt").GetDateTimeOffset().Offset);
        Assert.True(campaign.GetProperty("heldForQuietHours").GetBoolean());
        var id = campaign.GetProperty("id").GetString();
        Assert.Contains(id, (await ReservationsOfWeekAsync(monday)).Select(r => r.CampaignId));
        Assert.DoesNotContain(id, (await ReservationsOfWeekAsync(factory.Clock.Now)).Select(r => r.CampaignId));
    }

    [Fact]
    public async Task WeatherPostedBeforeEightWaitsUntilEightTheSameMorning()
    {
        factory.Clock.Now = Local(Sunday.AddDays(2), 7, 59);
        using var client = factory.ClientFor(Editor);
        var weather = News("Nebbia");
        weather["category"] = "weather";

        var campaign = await (await client.CreateCampaignAsync(weather)).ReadAcceptedCampaignAsync();

        Assert.Equal(Local(Sunday.AddDays(2), 8, 0), campaign.GetProperty("scheduledAt").GetDateTimeOffset());
        Assert.Equal("scheduled", campaign.GetProperty("status").GetString());
    }

    [Fact]
    public async Task NewsPostedInTheDayGoesNow()
    {
        factory.Clock.Now = Local(Sunday.AddDays(3), 12, 0);
        using var client = factory.ClientFor(Editor);

        var campaign = await (await client.CreateCampaignAsync(News("A mezzogiorno"))).ReadAcceptedCampaignAsync();

        Assert.Equal(JsonValueKind.Null, campaign.GetProperty("scheduledAt").ValueKind);
        Assert.NotEqual("scheduled", campaign.GetProperty("status").GetString());
        Assert.False(campaign.GetProperty("heldForQuietHours").GetBoolean());
    }

    [Fact]
    public async Task AnEmergencyIgnoresTheQuietHours()
    {
        factory.Clock.Now = Local(Sunday.AddDays(4), 23, 0);
        using var client = factory.ClientFor(EmergencyEditor);

        var campaign = await (await client.CreateCampaignAsync(Emergency())).ReadAcceptedCampaignAsync();

        Assert.Equal(JsonValueKind.Null, campaign.GetProperty("scheduledAt").ValueKind);
        Assert.NotEqual("scheduled", campaign.GetProperty("status").GetString());
        Assert.False(campaign.GetProperty("heldForQuietHours").GetBoolean());
    }

    [Fact]
    public async Task AnExplicitTimeInsideTheQuietHoursIsKept()
    {
        factory.Clock.Now = Local(Sunday.AddDays(5), 20, 0);
        using var client = factory.ClientFor(Editor);
        var at = Local(Sunday.AddDays(5), 23, 30);

        var campaign = await (await client.CreateCampaignAsync(News("Di notte, di proposito", at))).ReadAcceptedCampaignAsync();

        Assert.Equal(at, campaign.GetProperty("scheduledAt").GetDateTimeOffset());
        Assert.False(campaign.GetProperty("heldForQuietHours").GetBoolean());
    }

    [Fact]
    public async Task TheEstimateAndTheLimitsTellTheConsoleBeforeSending()
    {
        factory.Clock.Now = Local(Sunday.AddDays(6), 21, 15);
        using var client = factory.ClientFor(Admin);

        var news = await (await client.GetAsync("/api/campaigns/estimate?category=news")).ReadJsonAsync(HttpStatusCode.OK);
        var emergency = await (await client.GetAsync("/api/campaigns/estimate?category=emergency")).ReadJsonAsync(HttpStatusCode.OK);
        var limits = await (await client.GetAsync("/api/campaigns/limits")).ReadJsonAsync(HttpStatusCode.OK);
        var wrong = await client.GetAsync("/api/campaigns/estimate?category=sport");

        Assert.Equal(Local(Sunday.AddDays(7), 8, 0), news.GetProperty("startsAt").GetDateTimeOffset());
        Assert.True(news.GetProperty("heldForQuietHours").GetBoolean());
        Assert.Equal(factory.Clock.Now, emergency.GetProperty("startsAt").GetDateTimeOffset());
        Assert.False(emergency.GetProperty("heldForQuietHours").GetBoolean());
        Assert.Equal("21:00", limits.GetProperty("quietHours").GetProperty("start").GetString());
        Assert.Equal("08:00", limits.GetProperty("quietHours").GetProperty("end").GetString());
        Assert.Equal(["category"], await wrong.ReadValidationErrorsAsync());
    }

    private Task<IReadOnlyList<QuotaReservation>> ReservationsOfWeekAsync(DateTimeOffset instant) =>
        factory.Grains.GetGrain<IQuotaGrain>(QuotaWeek.Containing(instant, Rome).Key).ListAsync();

    private static DateTimeOffset Local(DateOnly day, int hour, int minute)
    {
        var local = day.ToDateTime(new TimeOnly(hour, minute));
        return new DateTimeOffset(local, Rome.GetUtcOffset(local));
    }

    private static DateOnly NextSunday(DateOnly from) => from.AddDays(((int)DayOfWeek.Sunday - (int)from.DayOfWeek + 7) % 7);
}
