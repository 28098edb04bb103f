using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Vimercate.Abstractions;
using Vimercate.Api.Quota;
using Vimercate.Api.Security;
using Vimercate.Hosting;
using Vimercate.Statistics;

namespace Vimercate.Api.Subscribers;

/// <summary>How many citizens are subscribed and how that changed: counts only, never numbers.</summary>
public sealed record SubscriberStatsResource(int Active, int OptInsToday, int OptOutsToday, int OptInsThisWeek, int OptOutsThisWeek);

/// <summary>Subscriber statistics for the press office.</summary>
public static class SubscriberStatsApi
{
    /// <summary>Maps <c>GET /api/subscribers/stats</c>.</summary>
    public static IEndpointRouteBuilder MapSubscriberStats(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPressOfficeGroup("/api/subscribers", "Subscribers")
            .MapGet("/stats", GetAsync)
            .RequireAuthorization(PressOfficeRoles.Editor)
            .WithName("GetSubscriberStats")
            .WithSummary("Active subscribers, opt-ins and opt-outs today and this week (Monday to now)");
        return endpoints;
    }

    private static async Task<Ok<SubscriberStatsResource>> GetAsync(IGrainFactory grains, ServiceCalendar calendar, IOptions<AudienceOptions> audience)
    {
        var now = calendar.Now;
        var today = calendar.DateOf(now);
        var monday = calendar.DateOf(calendar.WeekOf(now).Start);
        var days = Enumerable.Range(0, today.DayNumber - monday.DayNumber + 1).Select(monday.AddDays).ToList();

        var shardCounts = Task.WhenAll(Enumerable.Range(0, audience.Value.ShardCount).Select(shard => grains.GetGrain<IAudienceShardGrain>(shard).CountAsync()));
        var dayStats = Task.WhenAll(days.Select(day => grains.GetConsentDayAsync(SubscriberStatsDay.KeyFor(day))));
        var active = (await shardCounts).Sum();
        var week = await dayStats;
        var todayStats = week[^1];
        return TypedResults.Ok(new SubscriberStatsResource(
            active,
            todayStats.OptIns,
            todayStats.OptOuts,
            week.Sum(day => day.OptIns),
            week.Sum(day => day.OptOuts)));
    }
}
