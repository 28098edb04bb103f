using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Vimercate.Abstractions;
using Vimercate.Api.Audit;
using Vimercate.Api.Problems;
using Vimercate.Api.Quota;
using Vimercate.Api.Security;
using Vimercate.Hosting;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Vimercate.Api.Campaigns;

/// <summary>One staff phone's result of a test send; the number masked.</summary>
/// <param name="Number">All but the last three digits masked.</param>
/// <param name="Outcome">sent, notSubscribed, notSentNow, unknown or failed.</param>
/// <param name="ErrorCode">Meta's error code when WhatsApp refused or deferred it.</param>
public sealed record PreviewDeliveryResource(
    string Number,
    [property: System.Text.Json.Serialization.JsonConverter(typeof(LowercaseEnumConverter<PreviewOutcome>))] PreviewOutcome Outcome,
    int? ErrorCode);

/// <summary>What a test send did: how many staff phones got the draft, and each phone's result.</summary>
public sealed record PreviewResource(int Sent, IReadOnlyList<PreviewDeliveryResource> Recipients);

/// <summary><c>POST /api/campaigns/preview</c>: a draft to the staff's test phones only; no campaign, no quota, audited.</summary>
public static class CampaignPreviewApi
{
    /// <summary>Maps <c>POST /api/campaigns/preview</c>.</summary>
    public static IEndpointRouteBuilder MapCampaignPreview(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPressOfficeGroup("/api/campaigns", "Campaigns")
            .MapPost("/preview", PreviewAsync)
            .RequireAuthorization(PressOfficeRoles.CampaignAuthor)
            .WithName("PreviewCampaign")
            .WithSummary("Send a draft to the test phones only")
            .WithDescription("Sends the draft, as its campaign would be sent, to the subscribed numbers of PressOffice:TestRecipients; the others are reported, not sent. It is no campaign: not listed, not counted in the weekly limit, recorded in the audit log.")
            .WithCampaignRequestBody()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return endpoints;
    }

    private static async Task<Results<Ok<PreviewResource>, ValidationProblem, ProblemHttpResult>> PreviewAsync(
        HttpContext context,
        ClaimsPrincipal user,
        IGrainFactory grains,
        ServiceCalendar calendar,
        IOptionsMonitor<WhatsAppOptions> whatsApp,
        TestRecipients testRecipients,
        IOptions<HttpJsonOptions> json,
        PressOfficeAudit audit,
        CancellationToken cancellationToken)
    {
        if (!context.Request.HasJsonContentType())
        {
            return ApiProblems.UnsupportedMediaType();
        }

        var (request, unreadable) = await CampaignsApi.ReadRequestAsync(context.Request, json.Value.SerializerOptions, cancellationToken);
        if (request is null)
        {
            return ApiProblems.ValidationFailed(unreadable!);
        }

        if (CampaignsApi.MissingRole(user, CampaignRequestValidator.ParseCategory(request.Category)) is { } forbidden)
        {
            return forbidden;
        }

        var errors = CampaignRequestValidator.ValidatePreview(request, calendar.Now, whatsApp.CurrentValue.Templates);
        if (errors.Count > 0)
        {
            return ApiProblems.ValidationFailed(errors);
        }

        var draft = CampaignRequestValidator.ToDraft(request with { ScheduledAt = null }, user.ApiKeyName());
        if (whatsApp.CurrentValue.MissingTemplates.Contains(draft.Category))
        {
            return ApiProblems.TemplateNotConfigured(draft.Category);
        }

        var numbers = testRecipients.Numbers;
        if (numbers.Count == 0)
        {
            return ApiProblems.NoTestRecipients();
        }

        var deliveries = await grains.GetGrain<ICampaignPreviewGrain>(0).SendAsync(draft, numbers);
        await audit.CampaignPreviewedAsync(user, draft, deliveries);
        return TypedResults.Ok(new PreviewResource(
            deliveries.Count(d => d.Outcome == PreviewOutcome.Sent),
            deliveries.Select(d => new PreviewDeliveryResource(PhoneNumbers.Mask(d.Number), d.Outcome, d.ErrorCode)).ToList()));
    }
}
