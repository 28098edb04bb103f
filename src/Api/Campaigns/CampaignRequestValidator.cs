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

        var template = category is { } known ? templates.For(known) : null;
        ValidateText(request, template, errors);
        ValidateMedia(request.Media, errors);
        ValidateHeader(request.Media, category, template, errors);

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

    /// <summary>The rules of a draft sent to the test phones: those of <see cref="Validate"/> that shape what citizens would read.</summary>
    public static Dictionary<string, string[]> ValidatePreview(CreateCampaignRequest request, DateTimeOffset now, TemplatesOptions templates)
    {
        var errors = Validate(request with { ScheduledAt = null }, now, templates);
        errors.Remove("emergencyReason");
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

    /// <summary>The draft of a request that passed <see cref="Validate"/>; <paramref name="heldUntil"/> is the end of the quiet hours it was posted in.</summary>
    public static CampaignDraft ToDraft(CreateCampaignRequest request, string createdBy, DateTimeOffset? heldUntil = null)
    {
        var category = ParseCategory(request.Category) ?? throw new ArgumentException("The request has no valid category.", nameof(request));
        var media = request.Media is { } m
            ? new CampaignMedia(ParseMediaKind(m.Kind) ?? throw new ArgumentException("The request has no valid media kind.", nameof(request)), m.Url!, string.IsNullOrWhiteSpace(m.Filename) ? null : m.Filename)
            : null;
        var reason = category == CampaignCategory.Emergency ? request.EmergencyReason?.Trim() : null;
        return new CampaignDraft(request.Title!.Trim(), request.Text!, category, media, heldUntil ?? request.ScheduledAt, reason, createdBy, heldUntil is not null);
    }

    private static void ValidateText(CreateCampaignRequest request, TemplateOptions? template, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(request.Text))
        {
            errors["text"] = ["The text is required."];
            return;
        }

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

    /// <summary>A template was approved with or without a media header, and every campaign of its category must fit it.</summary>
    private static void ValidateHeader(CampaignMediaRequest? media, CampaignCategory? category, TemplateOptions? template, Dictionary<string, string[]> errors)
    {
        if (template is null || category is not { } known || errors.ContainsKey("media.kind"))
        {
            return;
        }

        var named = $"The approved template '{template.Name}' ({TemplatesOptions.KeyOf(known)})";
        var kind = ParseMediaKind(media?.Kind);
        var error = (template.Header, kind) switch
        {
            (TemplateHeader.None, not null) => $"{named} has no media header: send the text alone.",
            (TemplateHeader.Image, not MediaKind.Image) => $"{named} has an image header: attach an image.",
            (TemplateHeader.Document, not MediaKind.Document) => $"{named} has a document header: attach a document.",
            _ => null,
        };
        if (error is not null)
        {
            errors["media.kind"] = [error];
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
