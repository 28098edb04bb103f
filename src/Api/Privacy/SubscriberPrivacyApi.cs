using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Vimercate.Abstractions;
using Vimercate.Api.Audit;
using Vimercate.Api.Problems;
using Vimercate.Api.Quota;
using Vimercate.Api.Security;
using Vimercate.Hosting;

namespace Vimercate.Api.Privacy;

/// <summary>The data protection officer's routes: GDPR access and erasure of one number.</summary>
public static class SubscriberPrivacyApi
{
    /// <summary>The reader of typed numbers (<see cref="TypedNumbers"/>) with its <c>Service:DefaultRegion</c> check.</summary>
    public static IHostApplicationBuilder AddSubscriberPrivacy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TypedNumbers>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ServiceOptions>, DefaultRegionValidator>());
        return builder;
    }

    /// <summary>Maps <c>GET</c> and <c>DELETE /api/subscribers/{phone}</c> (role dpo; admin may too).</summary>
    public static IEndpointRouteBuilder MapSubscriberPrivacy(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapPressOfficeGroup("/api/subscribers", "Subscribers");

        group.MapGet("/{phone}", GetAsync)
            .RequireAuthorization(PressOfficeRoles.Dpo)
            .WithName("GetSubscriberData")
            .WithSummary("Everything held about one number (GDPR access)")
            .WithDescription("The number's state and consent history, the consent history archived under its keyed hash after an opt-out or an erasure, and the campaigns it was sent with the status of each message. 404 when nothing is held. The number may be written +39 333 123 4567, 0039..., as digits with the country code, or national (333 123 4567, in Service:DefaultRegion).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapDelete("/{phone}", EraseAsync)
            .RequireAuthorization(PressOfficeRoles.Dpo)
            .WithName("EraseSubscriber")
            .WithSummary("Erase one number (GDPR erasure); it receives nothing more")
            .WithDescription("Leaves the audience at once, pending replies are dropped, the state is cleared and the consent history is archived under the number's keyed hash for Privacy:ConsentRetentionDays, as proof of consent. Idempotent: 204 every time.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        return endpoints;
    }

    private static async Task<Results<Ok<SubscriberDataResource>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string phone,
        ClaimsPrincipal user,
        IGrainFactory grains,
        PressOfficeAudit audit,
        ServiceCalendar calendar,
        IOptions<AudienceOptions> audience,
        TypedNumbers numbers)
    {
        if (numbers.Parse(phone) is not { } number)
        {
            return NotANumber();
        }

        var export = await grains.GetGrain<ISubscriberGrain>(number).ExportAsync();
        var campaigns = await ReceivedCampaigns.ForAsync(grains, number, audience.Value.ShardCount, calendar);
        var known = export.IsKnown || campaigns.Count > 0;
        await audit.SubscriberAccessedAsync(user, number, known);
        return known
            ? TypedResults.Ok(SubscriberDataResource.From(number, export, campaigns, calendar))
            : ApiProblems.SubscriberNotFound();
    }

    private static async Task<Results<NoContent, ValidationProblem>> EraseAsync(
        string phone,
        ClaimsPrincipal user,
        IGrainFactory grains,
        PressOfficeAudit audit,
        TypedNumbers numbers)
    {
        if (numbers.Parse(phone) is not { } number)
        {
            return NotANumber();
        }

        var outcome = await grains.GetGrain<ISubscriberGrain>(number).EraseAsync(user.ApiKeyName());
        await audit.SubscriberErasedAsync(user, number, outcome);
        return TypedResults.NoContent();
    }

    private static ValidationProblem NotANumber() => ApiProblems.ValidationFailed(new Dictionary<string, string[]>
    {
        ["phone"] = ["Not a phone number, or one that could be two: write it with its country code (+39 333 123 4567, 0039..., 393331234567) or as a national number (333 123 4567)."],
    });
}
