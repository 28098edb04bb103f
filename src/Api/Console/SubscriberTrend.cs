using Vimercate.Abstractions;
using Vimercate.Api.Quota;
using Vimercate.Hosting;
using Vimercate.Statistics;

namespace Vimercate.Api.Console;

/// <summary>Reads the subscriber trend from the audience shards and the per-day statistics grains.</summary>
public static class SubscriberTrend
{
    /// <summary>The most days one trend may cover.</summary>
    public const int MaxDays = 366;

    /// <summary>The trend of the last <paramref name="days"/> local days, today included.</summary>
    public static async Task<SubscriberTrendResource> ReadAsync(IGrainFactory grains, ServiceCalendar calendar, AudienceOptions audience, int days)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var now = calendar.Now;
        var today = calendar.DateOf(now);
        var monday = calendar.DateOf(calendar.WeekOf(now).Start);

        // The week's totals need every day since Monday, even when fewer days are shown.
        var span = Math.Max(days, today.DayNumber - monday.DayNumber + 1);
        var first = today.AddDays(1 - span);
        var dates = Enumerable.Range(0, span).Select(first.AddDays).ToArray();

        var shardCounts = Task.WhenAll(Enumerable.Range(0, audience.ShardCount).Select(shard => grains.GetGrain<IAudienceShardGrain>(shard).CountAsync()));
        var dayCounts = Task.WhenAll(dates.Select(date => grains.GetConsentDayAsync(SubscriberStatsDay.KeyFor(date))));
        var active = (await shardCounts).Sum();
        var counts = await dayCounts;

        var trend = new SubscriberDayResource[span];
        var activeAtEnd = active;
        for (var i = span - 1; i >= 0; i--)
        {
            trend[i] = new SubscriberDayResource(dates[i], counts[i].OptIns, counts[i].OptOuts, Math.Max(0, activeAtEnd));
            activeAtEnd = activeAtEnd - counts[i].OptIns + counts[i].OptOuts;
        }

        var week = trend.Where(day => day.Date >= monday).ToList();
        return new SubscriberTrendResource(
            active,
            counts[^1].OptIns,
            counts[^1].OptOuts,
            week.Sum(day => day.OptIns),
            week.Sum(day => day.OptOuts),
            trend[^days..]);
    }
}
