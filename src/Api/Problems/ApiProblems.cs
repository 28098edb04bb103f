using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Vimercate.Abstractions;
using Vimercate.Api.Operations;
using Vimercate.Hosting;

namespace Vimercate.Api.Problems;

/// <summary>The one place where the press office's refusals become RFC 9457 problem details, typed from <see cref="ProblemTypes"/>.</summary>
public static class ApiProblems
{
    /// <summary>The request breaks a rule; <c>errors</c> names each field.</summary>
    public const string ValidationFailedType = ProblemTypes.ValidationFailed;

    /// <summary>The week's non-emergency campaigns are used up.</summary>
    public const string WeeklyLimitReachedType = ProblemTypes.Prefix + "weekly-limit-reached";

    /// <summary>Nothing has this id.</summary>
    public const string NotFoundType = ProblemTypes.Prefix + "not-found";

    /// <summary>The request clashes with the resource's state or an earlier request.</summary>
    public const string ConflictType = ProblemTypes.Prefix + "conflict";

    /// <summary>No valid API key.</summary>
    public const string UnauthorizedType = ProblemTypes.Prefix + "unauthorized";

    /// <summary>The key lacks the role.</summary>
    public const string ForbiddenType = ProblemTypes.Prefix + "forbidden";

    /// <summary>The body is not JSON.</summary>
    public const string UnsupportedMediaTypeType = ProblemTypes.Prefix + "unsupported-media-type";

    /// <summary>The database (or the cluster) could not take or give the data now; nothing was changed half-way.</summary>
    public const string StorageUnavailableType = ProblemTypes.Prefix + "storage-unavailable";

    /// <summary>Seconds a client is asked to wait before it tries a request that met <see cref="StorageUnavailableType"/> again.</summary>
    public const int StorageRetryAfterSeconds = 5;

    /// <summary>400: the request breaks the rules listed per field (camelCase names).</summary>
    public static ValidationProblem ValidationFailed(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(
            errors,
            title: "The request is not valid.",
            detail: "See errors for what each field needs.",
            type: ValidationFailedType);

    /// <summary>409: a non-emergency campaign beyond the week's limit.</summary>
    public static ProblemHttpResult WeeklyLimitReached(QuotaView quota) =>
        TypedResults.Problem(
            title: "The weekly limit of campaigns is reached.",
            detail: $"Week {quota.Week} already has {quota.Used} of {quota.Limit} non-emergency campaigns; the count resets at {quota.ResetsAt:O}. Emergencies are never refused.",
            statusCode: StatusCodes.Status409Conflict,
            type: WeeklyLimitReachedType,
            extensions: new Dictionary<string, object?>
            {
                ["limit"] = quota.Limit,
                ["used"] = quota.Used,
                ["resetsAt"] = quota.ResetsAt,
                ["week"] = quota.Week,
            });

    /// <summary>409: Cloud mode, and the category has no approved template, so WhatsApp would refuse its messages.</summary>
    public static ProblemHttpResult TemplateNotConfigured(CampaignCategory category)
    {
        var key = TemplatesOptions.KeyOf(category);
        return TypedResults.Problem(
            title: "No approved template for this category.",
            detail: $"{key} is not configured. WhatsApp delivers a campaign to people who have not written in the last 24 hours only as an approved template: " +
                $"configure {key} with the template's Name, Language and MaxTextLength (docs/MESSAGES.md).",
            statusCode: StatusCodes.Status409Conflict,
            type: ProblemTypes.TemplateNotConfigured,
            extensions: new Dictionary<string, object?>
            {
                ["category"] = category.ToString().ToLowerInvariant(),
                ["setting"] = key,
            });
    }

    /// <summary>409: a test send, and no test phone is configured.</summary>
    public static ProblemHttpResult NoTestRecipients() =>
        TypedResults.Problem(
            title: "No test phones are configured.",
            detail: "PressOffice:TestRecipients lists no number: add the staff phones that receive test sends (they must be subscribed).",
            statusCode: StatusCodes.Status409Conflict,
            type: ConflictType,
            extensions: new Dictionary<string, object?> { ["setting"] = "PressOffice:TestRecipients" });

    /// <summary>404: no campaign has this id.</summary>
    public static ProblemHttpResult CampaignNotFound(string id) =>
        TypedResults.Problem(
            title: "No such campaign.",
            detail: $"No campaign has the id '{id}'.",
            statusCode: StatusCodes.Status404NotFound,
            type: NotFoundType);

    /// <summary>404: the service holds nothing about the number, in plain or archived.</summary>
    public static ProblemHttpResult SubscriberNotFound() =>
        TypedResults.Problem(
            title: "Nothing is held about this number.",
            detail: "The number is not subscribed, has no state and no archived consent history.",
            statusCode: StatusCodes.Status404NotFound,
            type: NotFoundType);

    /// <summary>409: the campaign already completed, failed or was cancelled.</summary>
    public static ProblemHttpResult CampaignFinished(CampaignView campaign) =>
        TypedResults.Problem(
            title: "The campaign has finished.",
            detail: $"Campaign '{campaign.Id}' is {campaign.Status.ToString().ToLowerInvariant()}; only scheduled, queued or sending campaigns can be cancelled.",
            statusCode: StatusCodes.Status409Conflict,
            type: ConflictType,
            extensions: new Dictionary<string, object?> { ["campaignStatus"] = campaign.Status.ToString().ToLowerInvariant() });

    /// <summary>409: the idempotency key was first used with another request body.</summary>
    public static ProblemHttpResult IdempotencyKeyReused() =>
        TypedResults.Problem(
            title: "The Idempotency-Key was used for another request.",
            detail: "This Idempotency-Key already stands for a campaign created from a different body; send a new key for a new campaign.",
            statusCode: StatusCodes.Status409Conflict,
            type: ConflictType);

    /// <summary>401: no key, or a key that is not configured.</summary>
    public static ProblemHttpResult Unauthorized() =>
        TypedResults.Problem(
            title: "A valid API key is required.",
            detail: "Send a press office key in the X-Api-Key header.",
            statusCode: StatusCodes.Status401Unauthorized,
            type: UnauthorizedType);

    /// <summary>403: the key does not hold the role the request needs.</summary>
    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(
            title: "This API key may not do that.",
            detail: detail,
            statusCode: StatusCodes.Status403Forbidden,
            type: ForbiddenType);

    /// <summary>503: the data could not be read or written now; the answer carries <c>Retry-After</c> (<see cref="StorageUnavailableHandler"/>).</summary>
    public static ProblemDetails StorageUnavailable() => new()
    {
        Status = StatusCodes.Status503ServiceUnavailable,
        Type = StorageUnavailableType,
        Title = "The data cannot be reached now.",
        Detail = $"The database did not answer or refused the request; nothing was half done. Try again in {StorageRetryAfterSeconds} seconds.",
        Extensions = { ["retryAfter"] = StorageRetryAfterSeconds },
    };

    /// <summary>415: the body is not sent as JSON.</summary>
    public static ProblemHttpResult UnsupportedMediaType() =>
        TypedResults.Problem(
            title: "The body must be JSON.",
            detail: "Send the request with Content-Type: application/json.",
            statusCode: StatusCodes.Status415UnsupportedMediaType,
            type: UnsupportedMediaTypeType);
}
