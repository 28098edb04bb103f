using Microsoft.AspNetCore.Http.HttpResults;
using Vimercate.Abstractions;
using Vimercate.Api.Security;

namespace Vimercate.Api.Quota;

/// <summary>This week's campaign quota.</summary>
public sealed record QuotaResource(string Week, int Limit, int Used, int Remaining, DateTimeOffset WeekStart, DateTimeOffset ResetsAt, int Emergencies);

/// <summary>The press office's view of the weekly limit.</summary>
public static class QuotaApi
{
    /// <summary>Maps <c>GET /api/quota</c>.</summary>
    public static IEndpointRouteBuilder MapQuota(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPressOfficeGroup("/api/quota", "Quota")
            .MapGet("", GetAsync)
            .RequireAuthorization(PressOfficeRoles.Editor)
            .WithName("GetQuota")
            .WithSummary("This week's limit, used and remaining non-emergency campaigns, and the emergencies sent");
        return endpoints;
    }

    private static async Task<Ok<QuotaResource>> GetAsync(IGrainFactory grains, ServiceCalendar calendar)
    {
        var week = calendar.WeekOf(calendar.Now);
        var quota = await grains.GetGrain<IQuotaGrain>(week.Key).GetAsync();
        return TypedResults.Ok(new QuotaResource(
            quota.Week,
            quota.Limit,
            quota.Used,
            quota.Remaining,
            calendar.ToLocal(quota.WeekStart),
            calendar.ToLocal(quota.ResetsAt),
            quota.Emergencies));
    }
}
