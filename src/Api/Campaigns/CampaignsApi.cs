using System.ComponentModel;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Vimercate.Abstractions;
using Vimercate.Api.Audit;
using Vimercate.Api.Problems;
using Vimercate.Api.Quota;
using Vimercate.Api.Security;
using Vimercate.Hosting;
using Vimercate.Idempotency;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Vimercate.Api.Campaigns;

/// <summary>The press office's campaigns: create, list, read, cancel.</summary>
public static class CampaignsApi
{
    /// <summary>Largest page of the campaign list.</summary>
    public const int MaxPageSize = 100;

    /// <summary>Page size when none is asked for.</summary>
    public const int DefaultPageSize = 20;

    /// <summary>Maps <c>/api/campaigns</c>.</summary>
    public static IEndpointRouteBuilder MapCampaigns(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapPressOfficeGroup("/api/campaigns", "Campaigns");

        group.MapPost("", CreateAsync)
            .RequireAuthorization(PressOfficeRoles.CampaignAuthor)
            .WithName("CreateCampaign")
            .WithSummary("Create and queue or schedule a broadcast")
            .WithDescription("Needs the editor role; category emergency needs the emergency role. A non-emergency campaign beyond the week's limit is refused with weekly-limit-reached; in Cloud mode a category without its approved template with template-not-configured.")
            .WithCampaignRequestBody()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        group.MapGet("", ListAsync)
            .RequireAuthorization(PressOfficeRoles.Editor)
            .WithName("ListCampaigns")
            .WithSummary("Campaigns, newest first, paged and filtered by status");

        group.MapGet("/{id}", GetAsync)
            .RequireAuthorization(PressOfficeRoles.Editor)
            .WithName("GetCampaign")
            .WithSummary("One campaign with its counts")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{id}/cancel", CancelAsync)
            .RequireAuthorization(PressOfficeRoles.CampaignAuthor)
            .WithName("CancelCampaign")
            .WithSummary("Stop a scheduled or running campaign")
            .WithDescription("A campaign cancelled before any message left gives its quota slot back. A finished campaign answers 409. An emergency is cancelled by a key with the emergency role, news and weather by one with the editor role (403 otherwise).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return endpoints;
    }

    private static async Task<Results<Accepted<CampaignResource>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpContext context,
        ClaimsPrincipal user,
        IGrainFactory grains,
        ServiceCalendar calendar,
        IOptionsMonitor<WhatsAppOptions> whatsApp,
        IOptions<HttpJsonOptions> json,
        ILoggerFactory loggers,
        PressOfficeAudit audit,
        [FromHeader(Name = "Idempotency-Key"), Description("Retries with the same key and body return the same campaign.")] string? idempotencyKey,
        CancellationToken cancellationToken)
    {
        if (!context.Request.HasJsonContentType())
        {
            return ApiProblems.UnsupportedMediaType();
        }

        var (request, unreadable) = await ReadRequestAsync(context.Request, json.Value.SerializerOptions, cancellationToken);
        if (request is null)
        {
            return ApiProblems.ValidationFailed(unreadable!);
        }

        if (idempotencyKey is not null && CampaignRequestValidator.ValidateIdempotencyKey(idempotencyKey) is { } keyError)
        {
            return ApiProblems.ValidationFailed(new Dictionary<string, string[]> { ["Idempotency-Key"] = [keyError] });
        }

        if (MissingRole(user, CampaignRequestValidator.ParseCategory(request.Category)) is { } forbidden)
        {
            return forbidden;
        }

        var apiKeyName = user.ApiKeyName();
        var requestHash = Hash(request, json.Value.SerializerOptions);
        var idempotency = idempotencyKey is null ? null : grains.GetGrain<IIdempotencyGrain>(IdempotencyKeys.For(apiKeyName, idempotencyKey));
        var earlier = idempotency is null ? null : await idempotency.GetAsync();
        if (earlier is not null)
        {
            if (earlier.RequestHash != requestHash)
            {
                return ApiProblems.IdempotencyKeyReused();
            }

            if (await grains.GetGrain<IBroadcastGrain>(earlier.CampaignId).GetAsync() is { } created)
            {
                CampaignsLog.Replayed(loggers.CreateLogger(CampaignsLog.Category), apiKeyName, created.Id);
                return Accepted(created, calendar);
            }
        }

        var now = calendar.Now;
        var errors = CampaignRequestValidator.Validate(request, now, whatsApp.CurrentValue.Templates);
        if (errors.Count > 0)
        {
            return ApiProblems.ValidationFailed(errors);
        }

        var category = CampaignRequestValidator.ParseCategory(request.Category)!.Value;
        if (whatsApp.CurrentValue.MissingTemplates.Contains(category))
        {
            return ApiProblems.TemplateNotConfigured(category);
        }

        // News and weather asked for now inside the quiet hours wait for their end, and count in the week they are sent.
        var draft = CampaignRequestValidator.ToDraft(request, apiKeyName, calendar.HeldUntil(category, request.ScheduledAt, now));

        // The key is bound to the campaign id before anything else happens, so a retry after a crash reuses the id:
        // the quota reservation and the creation are both idempotent per id.
        var claim = earlier ?? new IdempotencyRecord(requestHash, CampaignIds.New(now), calendar.WeekOf(draft.ScheduledAt ?? now).Key);
        if (idempotency is not null && earlier is null)
        {
            claim = await idempotency.ClaimAsync(claim);
            if (claim.RequestHash != requestHash)
            {
                return ApiProblems.IdempotencyKeyReused();
            }
        }

        var decision = await grains.GetGrain<IQuotaGrain>(claim.WeekKey)
            .ReserveAsync(new QuotaRequest(claim.CampaignId, draft.Category, draft.EmergencyReason));
        var logger = loggers.CreateLogger(CampaignsLog.Category);
        if (!decision.Accepted)
        {
            CampaignsLog.WeeklyLimitReached(logger, claim.CampaignId, claim.WeekKey, decision.Quota.Used, decision.Quota.Limit, apiKeyName);
            return ApiProblems.WeeklyLimitReached(decision.Quota);
        }

        var campaign = await grains.GetGrain<IBroadcastGrain>(claim.CampaignId).CreateInWeekAsync(draft, claim.WeekKey);
        await audit.CampaignCreatedAsync(user, campaign);
        CampaignsLog.Accepted(logger, campaign.Id, campaign.Category, claim.WeekKey, apiKeyName);
        return Accepted(campaign, calendar);
    }

    private static async Task<Results<Ok<CampaignPageResource>, ValidationProblem>> ListAsync(
        IGrainFactory grains,
        ServiceCalendar calendar,
        [Description("Page number, from 1.")] string? page,
        [Description("Campaigns per page, 1-100; 20 when omitted.")] string? pageSize,
        [Description("Only campaigns in this status: scheduled, queued, sending, completed, cancelled or failed.")] string? status)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var pageNumber = 1;
        if (page is not null && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out pageNumber) || pageNumber < 1))
        {
            errors["page"] = ["The page must be a whole number from 1."];
        }

        var size = DefaultPageSize;
        if (pageSize is not null && (!int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxPageSize))
        {
            errors["pageSize"] = [$"The page size must be a whole number from 1 to {MaxPageSize}."];
        }

        CampaignStatus? filter = null;
        if (status is not null)
        {
            filter = ParseStatus(status);
            if (filter is null)
            {
                errors["status"] = [$"'{status}' is not a status: use scheduled, queued, sending, completed, cancelled or failed."];
            }
        }

        if (errors.Count > 0)
        {
            return ApiProblems.ValidationFailed(errors);
        }

        var listed = await grains.GetGrain<ICampaignIndexGrain>(0).ListAsync(pageNumber, size, filter);
        var views = await Task.WhenAll(listed.CampaignIds.Select(id => grains.GetGrain<IBroadcastGrain>(id).GetAsync()));
        var items = views.OfType<CampaignView>().Select(view => CampaignResource.From(view, calendar)).ToList();
        return TypedResults.Ok(new CampaignPageResource(items, listed.Page, listed.PageSize, listed.Total));
    }

    private static async Task<Results<Ok<CampaignResource>, ProblemHttpResult>> GetAsync(string id, IGrainFactory grains, ServiceCalendar calendar)
    {
        var view = await grains.GetGrain<IBroadcastGrain>(id).GetAsync();
        return view is null ? ApiProblems.CampaignNotFound(id) : TypedResults.Ok(CampaignResource.From(view, calendar));
    }

    private static async Task<Results<Ok<CampaignResource>, ProblemHttpResult>> CancelAsync(
        string id,
        ClaimsPrincipal user,
        IGrainFactory grains,
        ServiceCalendar calendar,
        ILoggerFactory loggers,
        PressOfficeAudit audit)
    {
        var campaign = grains.GetGrain<IBroadcastGrain>(id);
        if (MissingRole(user, (await campaign.GetAsync())?.Category) is { } refused)
        {
            return refused;
        }

        var outcome = await campaign.CancelAsync(user.ApiKeyName());
        CampaignsLog.CancelAsked(loggers.CreateLogger(CampaignsLog.Category), id, user.ApiKeyName(), outcome);
        if (outcome == CancelOutcome.Cancelled)
        {
            await audit.CampaignCancelledAsync(user, id);
        }

        var view = outcome == CancelOutcome.NotFound ? null : await campaign.GetAsync();
        return (outcome, view) switch
        {
            (CancelOutcome.Cancelled, not null) => TypedResults.Ok(CampaignResource.From(view, calendar)),
            (CancelOutcome.AlreadyFinished, not null) => ApiProblems.CampaignFinished(view),
            _ => ApiProblems.CampaignNotFound(id),
        };
    }

    /// <summary>Documents a campaign request as the body of a route whose handler reads the body itself.</summary>
    internal static RouteHandlerBuilder WithCampaignRequestBody(this RouteHandlerBuilder route) =>
        route.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            // The handler reads the body itself so that malformed JSON and other media types answer problem details.
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(typeof(CreateCampaignRequest), null, cancellationToken) },
                },
            };
        });

    /// <summary>The request, or the errors that make the body unreadable, named by field.</summary>
    internal static async Task<(CreateCampaignRequest? Request, Dictionary<string, string[]>? Errors)> ReadRequestAsync(
        HttpRequest httpRequest,
        JsonSerializerOptions options,
        CancellationToken cancellationToken)
    {
        try
        {
            var request = await JsonSerializer.DeserializeAsync<CreateCampaignRequest>(httpRequest.Body, options, cancellationToken);
            return request is null
                ? (null, new Dictionary<string, string[]> { ["body"] = ["The body must be a JSON object."] })
                : (request, null);
        }
        catch (JsonException exception)
        {
            return (null, new Dictionary<string, string[]> { [FieldOf(exception.Path)] = ["The value is not valid JSON of the expected type."] });
        }
    }

    /// <summary>Emergencies need the emergency role, news and weather the editor role; an unknown category is left to validation.</summary>
    internal static ProblemHttpResult? MissingRole(ClaimsPrincipal user, CampaignCategory? category) => category switch
    {
        CampaignCategory.Emergency when !user.HasRole(PressOfficeRoles.Emergency) => ApiProblems.Forbidden("Emergency campaigns need the emergency role."),
        CampaignCategory.News or CampaignCategory.Weather when !user.HasRole(PressOfficeRoles.Editor) => ApiProblems.Forbidden("News and weather campaigns need the editor role."),
        _ => null,
    };

    private static Accepted<CampaignResource> Accepted(CampaignView campaign, ServiceCalendar calendar) =>
        TypedResults.Accepted($"/api/campaigns/{Uri.EscapeDataString(campaign.Id)}", CampaignResource.From(campaign, calendar));

    private static CampaignStatus? ParseStatus(string value) =>
        Enum.GetValues<CampaignStatus>().Select(s => (CampaignStatus?)s).FirstOrDefault(s => string.Equals(s.ToString(), value, StringComparison.OrdinalIgnoreCase));

    /// <summary>The request in canonical JSON, hashed: what "the same body" means for an Idempotency-Key.</summary>
    private static string Hash(CreateCampaignRequest request, JsonSerializerOptions options) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, options)));

    /// <summary>"$.media.url" becomes "media.url"; the document itself is "body".</summary>
    private static string FieldOf(string? jsonPath) =>
        jsonPath is null or "$" || !jsonPath.StartsWith("$.", StringComparison.Ordinal) ? "body" : jsonPath[2..];
}
