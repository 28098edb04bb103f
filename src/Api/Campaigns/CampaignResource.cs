using System.Text.Json;
using System.Text.Json.Serialization;
using Vimercate.Abstractions;
using Vimercate.Api.Quota;

namespace Vimercate.Api.Campaigns;

/// <summary>A campaign as the REST API shows it; times carry the service zone's offset. A campaign held by the quiet hours is scheduled for their end.</summary>
public sealed record CampaignResource(
    string Id,
    string Title,
    [property: JsonConverter(typeof(LowercaseEnumConverter<CampaignCategory>))] CampaignCategory Category,
    [property: JsonConverter(typeof(LowercaseEnumConverter<CampaignStatus>))] CampaignStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ScheduledAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    string CreatedBy,
    DateTimeOffset? EstimatedCompletionAt,
    CampaignCounts Counts,
    string Text,
    CampaignMediaResource? Media,
    string? EmergencyReason,
    bool HeldForQuietHours)
{
    /// <summary>The resource of a campaign view.</summary>
    public static CampaignResource From(CampaignView view, ServiceCalendar calendar) => new(
        view.Id,
        view.Title,
        view.Category,
        view.Status,
        calendar.ToLocal(view.CreatedAt),
        Local(view.ScheduledAt, calendar),
        Local(view.StartedAt, calendar),
        Local(view.CompletedAt, calendar),
        view.CreatedBy,
        Local(view.EstimatedCompletionAt, calendar),
        view.Counts,
        view.Text,
        view.Media is { } media ? new CampaignMediaResource(media.Kind, media.Url, media.Filename) : null,
        view.EmergencyReason,
        view.HeldForQuietHours);

    private static DateTimeOffset? Local(DateTimeOffset? instant, ServiceCalendar calendar) =>
        instant is { } value ? calendar.ToLocal(value) : null;
}

/// <summary>A campaign's attachment.</summary>
public sealed record CampaignMediaResource(
    [property: JsonConverter(typeof(LowercaseEnumConverter<MediaKind>))] MediaKind Kind,
    string Url,
    string? Filename);

/// <summary>One page of campaigns, newest first.</summary>
public sealed record CampaignPageResource(IReadOnlyList<CampaignResource> Items, int Page, int PageSize, int Total);

/// <summary>Writes and reads an enum as its lowercase name ("news", "sending").</summary>
public sealed class LowercaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    where TEnum : struct, Enum;
