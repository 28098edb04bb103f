using Vimercate.Abstractions;
using Vimercate.Hosting;

namespace Vimercate.Api.Campaigns;

/// <summary>The rules of a campaign request (CONTRACT §5), reported per camelCase field.</summary>
public static class CampaignRequestValidator
{
    /// <summary>Longest title.</summary>
    public const int MaxTitleLength = 120;

    /// <summary>Longest free-form text.</summary>
    public const int MaxTextLength = 4096;

    /// <summary>Longest text sent as a media caption.</summary>
    public const int MaxCaptionLength = 1024;

    /// <summary>Longest emergency reason.</summary>
    public const int MaxEmergencyReasonLength = 500;

    /// <summary>Longest document file name.</summary>
    public const int MaxFilenameLength = 240;

    /// <summary>Longest Idempotency-Key.</summary>
    public const int MaxIdempotencyKeyLength = 200;

    /// <summary>The category named in a request (case-insensitive), or null when it names none.</summary>
    public static CampaignCategory? ParseCategory(string? value) => value?.ToLowerInvariant() switch
    {
        "news" => CampaignCategory.News,
        "weather" => CampaignCategory.Weather,
        "emergency" => CampaignCategory.Emergency,
        _ => null,
    };

    /// <summary>The media kind named in a request (case-insensitive), or null when it names none.</summary>
    public static MediaKind? ParseMediaKind(string? value) => value?.ToLowerInvariant() switch
    {
        "image" => MediaKind.Image,
        "document" => MediaKind.Document,
        _ => null,
    };

    /// <summary>Every broken rule, by field; empty when the request is valid.</summary>
    public static Dictionary<string, string[]> Validate(CreateCampaignRequest request, DateTimeOffset now, TemplatesOptions templates)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(request.Title))
        {
            errors["title"] = ["The title is required."];
        }
        else if (request.Title.Length > MaxTitleLength)
        {
            errors["title"] = [$"The title must be at most {MaxTitleLength} characters."];
        }

        var category = ParseCategory(request.Category);
        if (request.Category is null)
        {
            errors["category"] = ["The category is required: news, weather or emergency."];
        }
        else if (category is null)
        {
            errors["category"] = [$"'{request.Category}' is not a category: use news, weather or emergency."];
        }

        ValidateText(request, category, templates, errors);
        ValidateMedia(request.Media, errors);

        if (request.ScheduledAt is { } scheduledAt && scheduledAt <= now)
        {
            errors["scheduledAt"] = ["The scheduled time must be in the future; leave it null to send now."];
        }

        var hasReason = !string.IsNullOrWhiteSpace(request.EmergencyReason);
        if (category == CampaignCategory.Emergency && !hasReason)
        {
            errors["emergencyReason"] = ["An emergency needs a reason."];
        }
        else if (category == CampaignCategory.Emergency && request.EmergencyReason!.Length > MaxEmergencyReasonLength)
        {
            errors["emergencyReason"] = [$"The emergency reason must be at most {MaxEmergencyReasonLength} characters."];
        }
        else if (category is not null and not CampaignCategory.Emergency && hasReason)
        {
            errors["emergencyReason"] = ["Only emergencies carry a reason."];
        }

        return errors;
    }

    /// <summary>The broken rule of an Idempotency-Key header, or null when it is usable.</summary>
    public static string? ValidateIdempotencyKey(string key)
    {
        if (key.Length is 0 or > MaxIdempotencyKeyLength || key.Any(c => c is < '!' or > '~'))
        {
            return $"The Idempotency-Key must be 1-{MaxIdempotencyKeyLength} visible ASCII characters.";
        }

        return null;
    }

    /// <summary>The draft of a request that passed <see cref="Validate"/>.</summary>
    public static CampaignDraft ToDraft(CreateCampaignRequest request, string createdBy)
    {
        var category = ParseCategory(request.Category) ?? throw new ArgumentException("The request has no valid category.", nameof(request));
        var media = request.Media is { } m
            ? new CampaignMedia(ParseMediaKind(m.Kind) ?? throw new ArgumentException("The request has no valid media kind.", nameof(request)), m.Url!, string.IsNullOrWhiteSpace(m.Filename) ? null : m.Filename)
            : null;
        var reason = category == CampaignCategory.Emergency ? request.EmergencyReason!.Trim() : null;
        return new CampaignDraft(request.Title!.Trim(), request.Text!, category, media, request.ScheduledAt, reason, createdBy);
    }

    private static void ValidateText(CreateCampaignRequest request, CampaignCategory? category, TemplatesOptions templates, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(request.Text))
        {
            errors["text"] = ["The text is required."];
            return;
        }

        var template = category switch
        {
            CampaignCategory.News => templates.News,
            CampaignCategory.Weather => templates.Weather,
            CampaignCategory.Emergency => templates.Emergency,
            _ => null,
        };
        var length = request.Text.Length;
        if (template is not null && length > template.MaxTextLength)
        {
            errors["text"] = [$"The text must be at most {template.MaxTextLength} characters: it fills the approved '{template.Name}' template."];
        }
        else if (request.Media is not null && length > MaxCaptionLength)
        {
            errors["text"] = [$"The text must be at most {MaxCaptionLength} characters when media is attached (it becomes the caption)."];
        }
        else if (length > MaxTextLength)
        {
            errors["text"] = [$"The text must be at most {MaxTextLength} characters."];
        }
    }

    private static void ValidateMedia(CampaignMediaRequest? media, Dictionary<string, string[]> errors)
    {
        if (media is null)
        {
            return;
        }

        if (ParseMediaKind(media.Kind) is null)
        {
            errors["media.kind"] = [media.Kind is null ? "The media kind is required: image or document." : $"'{media.Kind}' is not a media kind: use image or document."];
        }

        if (string.IsNullOrWhiteSpace(media.Url))
        {
            errors["media.url"] = ["The media URL is required."];
        }
        else if (!Uri.TryCreate(media.Url, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps || string.IsNullOrEmpty(url.Host))
        {
            errors["media.url"] = ["The media URL must be an absolute https address."];
        }

        if (media.Filename is { Length: > MaxFilenameLength })
        {
            errors["media.filename"] = [$"The file name must be at most {MaxFilenameLength} characters."];
        }
    }
}
