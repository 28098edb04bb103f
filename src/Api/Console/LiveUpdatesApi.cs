using System.Net.ServerSentEvents;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Vimercate.Abstractions;
using Vimercate.Api.Problems;
using Vimercate.Api.Security;

namespace Vimercate.Api.Console;

/// <summary>Server-sent event streams for the console.</summary>
public static class LiveUpdatesApi
{
    /// <summary>Maps <c>GET /api/events</c> (the overview) and <c>GET /api/campaigns/{id}/events</c> (one campaign).</summary>
    public static IEndpointRouteBuilder MapLiveUpdates(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPressOfficeGroup("/api/events", "Live updates")
            .MapGet("", Overview)
            .RequireAuthorization(PressOfficeRoles.Editor)
            .WithName("StreamOverview")
            .WithSummary("Server-sent events: campaigns (the latest), quota (this week) and stats (the subscriber trend), now and on every change");

        endpoints.MapPressOfficeGroup("/api/campaigns", "Live updates")
            .MapGet("/{id}/events", CampaignAsync)
            .RequireAuthorization(PressOfficeRoles.CampaignAuthor)
            .WithName("StreamCampaign")
            .WithSummary("Server-sent events: the campaign with its counts, now and on every change, until it has finished")
            .WithDescription("Open to the emergency role too, so whoever sent an emergency can follow it.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static ServerSentEventsResult<string> Overview(ClaimsPrincipal user, LiveUpdates live, CancellationToken cancellationToken) =>
        TypedResults.ServerSentEvents(live.OverviewAsync(user.ApiKeyName(), cancellationToken));

    private static async Task<Results<ServerSentEventsResult<string>, ProblemHttpResult>> CampaignAsync(
        string id,
        ClaimsPrincipal user,
        IGrainFactory grains,
        LiveUpdates live,
        CancellationToken cancellationToken)
    {
        var first = await grains.GetGrain<IBroadcastGrain>(id).GetAsync();
        return first is null
            ? ApiProblems.CampaignNotFound(id)
            : TypedResults.ServerSentEvents(live.CampaignAsync(id, first, user.ApiKeyName(), cancellationToken));
    }
}
