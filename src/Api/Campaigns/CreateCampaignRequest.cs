using System.ComponentModel;

namespace Vimercate.Api.Campaigns;

/// <summary>The body of <c>POST /api/campaigns</c>; every field is checked by <see cref="CampaignRequestValidator"/>.</summary>
public sealed record CreateCampaignRequest(
    [property: Description("For the press office only; 1-120 characters.")] string? Title,
    [property: Description("What citizens read: 1-4096 characters, 1-1024 with media, at most the template's MaxTextLength when the category has a template.")] string? Text,
    [property: Description("news, weather or emergency.")] string? Category,
    [property: Description("Optional image or document sent by link; the text becomes its caption.")] CampaignMediaRequest? Media = null,
    [property: Description("When to send, in the future, with offset; null sends now.")] DateTimeOffset? ScheduledAt = null,
    [property: Description("Why this is an emergency: required for emergency, not allowed otherwise.")] string? EmergencyReason = null);

/// <summary>An attachment of a campaign request.</summary>
public sealed record CampaignMediaRequest(
    [property: Description("image or document.")] string? Kind,
    [property: Description("Absolute https address WhatsApp downloads the file from.")] string? Url,
    [property: Description("Shown for documents; optional.")] string? Filename = null);
