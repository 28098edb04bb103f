using System.Net;
using System.Text.Json;
using Vimercate.Abstractions;
using Vimercate.Statistics;
using static Vimercate.Api.Tests.Campaigns.PressOfficeApiFactory;

namespace Vimercate.Api.Tests.Campaigns;

/// <summary>Subscriber statistics: how many, never who.</summary>
public sealed class SubscriberStatsTests(PressOfficeApiFactory factory) : IClassFixture<PressOfficeApiFactory>
{
    private static readonly TimeZoneInfo Rome = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");
    private static readonly string[] Numbers = ["393331110001", "393331110002", "393331110003"];

    [Fact]
    public async Task StatsCountActiveSubscribersAndConsentChangesWithoutNumbers()
    {
        using var client = factory.ClientFor(Editor);
        var now = DateTimeOffset.UtcNow;
        var today = SubscriberStatsDay.KeyFor(now, Rome);
        var monday = SubscriberStatsDay.KeyFor(QuotaWeek.Containing(now, Rome).Start, Rome);
        var lastSunday = SubscriberStatsDay.KeyFor(QuotaWeek.Containing(now, Rome).Start.AddHours(-12), Rome);
        for (var i = 0; i < Numbers.Length; i++)
        {
            await ConsentAsync(Numbers[i], $"wamid.STATS-IN-{i}", "Vimercate Info");
        }

        await ConsentAsync(Numbers[0], "wamid.STATS-OUT-0", "Vimercate stop");
        await factory.Grains.CounterFor(monday, "wamid.STATS-MONDAY").RecordAsync(ConsentAction.OptIn, "wamid.STATS-MONDAY");
        await factory.Grains.CounterFor(lastSunday, "wamid.STATS-LAST-WEEK").RecordAsync(ConsentAction.OptIn, "wamid.STATS-LAST-WEEK");

        // The subscriber grain counts its consent change without waiting for the counters: wait until they caught up.
        await Eventually.UntilAsync(async () => (await factory.Grains.GetConsentDayAsync(today)).OptOuts >= 1, "the day's counters to take the opt-out");
        var response = await client.GetAsync("/api/subscribers/stats");
        var text = await response.Content.ReadAsStringAsync();
        var stats = await response.ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(
            ["active", "optInsThisWeek", "optInsToday", "optOutsThisWeek", "optOutsToday"],
            stats.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.All(stats.EnumerateObject(), p => Assert.Equal(JsonValueKind.Number, p.Value.ValueKind));
        Assert.All(Numbers, number => Assert.DoesNotContain(number[^6..], text, StringComparison.Ordinal));
        var mondayIsToday = monday == today;
        Assert.Equal(2, stats.GetProperty("active").GetInt32());
        Assert.Equal(mondayIsToday ? 4 : 3, stats.GetProperty("optInsToday").GetInt32());
        Assert.Equal(1, stats.GetProperty("optOutsToday").GetInt32());
        Assert.Equal(4, stats.GetProperty("optInsThisWeek").GetInt32());
        Assert.Equal(1, stats.GetProperty("optOutsThisWeek").GetInt32());
    }

    [Fact]
    public async Task ConsentChangeIsCountedOncePerWamid()
    {
        var day = SubscriberStatsDay.KeyFor(new DateOnly(2026, 3, 2));
        Task Record(ConsentAction action, string wamid) => factory.Grains.CounterFor(day, wamid).RecordAsync(action, wamid);

        await Record(ConsentAction.OptIn, "wamid.ONCE-1");
        await Record(ConsentAction.OptIn, "wamid.ONCE-1");
        await Record(ConsentAction.OptOut, "wamid.ONCE-2");
        await Record(ConsentAction.NumberChanged, "wamid.ONCE-3");

        Assert.Equal(new ConsentDayStats(1, 2), await factory.Grains.GetConsentDayAsync(day));
    }

    [Fact]
    public async Task ADaysConsentChangesSpreadOverItsCountersAndAddUpOnce()
    {
        var day = SubscriberStatsDay.KeyFor(new DateOnly(2026, 3, 3));
        var wamids = Enumerable.Range(0, 400).Select(i => $"wamid.HBgLMzkzMzMxMjM0NTY3FQIAEhgg{i:D6}").ToArray();

        await Task.WhenAll(wamids.Select((wamid, i) => factory.Grains.CounterFor(day, wamid).RecordAsync(i % 4 == 0 ? ConsentAction.OptOut : ConsentAction.OptIn, wamid)));
        await Task.WhenAll(wamids.Take(50).Select(wamid => factory.Grains.CounterFor(day, wamid).RecordAsync(ConsentAction.OptIn, wamid)));

        Assert.Equal(new ConsentDayStats(300, 100), await factory.Grains.GetConsentDayAsync(day));
        var used = wamids.Select(wamid => factory.Grains.CounterFor(day, wamid).GetPrimaryKeyString()).Distinct().Count();
        Assert.Equal(SubscriberStatsDay.Parts, used);
    }

    /// <summary>The citizen's message through the subscriber grain, which counts the consent change itself.</summary>
    private async Task ConsentAsync(string number, string wamid, string text)
    {
        var message = new InboundMessage(wamid, number, DateTimeOffset.UtcNow, "text", [text]);
        await factory.Grains.GetGrain<ISubscriberGrain>(number).HandleAsync(message);
    }
}
