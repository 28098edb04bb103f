using System.Net.ServerSentEvents;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Vimercate.Abstractions;
using Vimercate.Api.Problems;
using Vimercate.Api.Security;
using Vimercate.Hosting;

namespace Vimercate.Api.Console;

/// <summary>Server-sent event streams for the console and the citizen simulator.</summary>
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

    /// <summary>Maps <c>GET /sandbox/outbox/events?to=</c>, only when <c>WhatsApp:Mode</c> is Sandbox.</summary>
    public static IEndpointRouteBuilder MapSimulatorStream(this IEndpointRouteBuilder endpoints)
    {
        var configuration = endpoints.ServiceProvider.GetRequiredService<IConfiguration>();
        if (configuration.GetValue($"{WhatsAppOptions.Section}:Mode", WhatsAppMode.Sandbox) != WhatsAppMode.Sandbox)
        {
            return endpoints;
        }

        endpoints.MapGroup("/sandbox").WithTags("Sandbox")
            .MapGet("/outbox/events", Sandbox)
            .WithName("StreamSandboxOutbox")
            .WithSummary("Server-sent events: a message event for everything the sandbox sent to one number, the earlier ones first");
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

    private static Results<ServerSentEventsResult<string>, ValidationProblem> Sandbox(string? to, LiveUpdates live, CancellationToken cancellationToken)
    {
        if (to is null || PhoneNumbers.Normalize(to) is not { } number)
        {
            return ApiProblems.ValidationFailed(new Dictionary<string, string[]> { ["to"] = ["to must be a WhatsApp number with its country code, e.g. 393331234567."] });
        }

        return TypedResults.ServerSentEvents(live.SandboxAsync(number, cancellationToken));
    }
}
