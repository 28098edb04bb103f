using System.Text.Json.Serialization;
using Vimercate.Api.Campaigns;
using Vimercate.Hosting;

namespace Vimercate.Api.Console;

/// <summary>Who holds the API key and what it may do, so the console shows only what the key allows.</summary>
/// <param name="Name">The key's name, recorded as the author of what it creates.</param>
/// <param name="Roles">The key's roles: editor, emergency, dpo, admin (admin may do everything).</param>
/// <param name="Sandbox">Whether the service runs in Sandbox mode, where the citizen simulator exists.</param>
public sealed record MeResource(string Name, IReadOnlyList<string> Roles, bool Sandbox);

/// <summary>An approved template that carries one category's campaigns.</summary>
/// <param name="Name">The template's name as approved by Meta.</param>
/// <param name="MaxTextLength">The longest campaign text that fits it.</param>
/// <param name="Header">none, image or document: what every campaign of the category must attach.</param>
public sealed record TemplateLimitResource(
    string Name,
    int MaxTextLength,
    [property: JsonConverter(typeof(LowercaseEnumConverter<TemplateHeader>))] TemplateHeader Header);

/// <summary>The templates per category; null where campaigns go out as free-form messages (or, when templates are required, are refused).</summary>
public sealed record CampaignTemplatesResource(TemplateLimitResource? News, TemplateLimitResource? Weather, TemplateLimitResource? Emergency);

/// <summary>The rules a campaign must follow, so the console can count against the limit that applies.</summary>
/// <param name="TitleMaxLength">Longest title.</param>
/// <param name="TextMaxLength">Longest free-form text.</param>
/// <param name="CaptionMaxLength">Longest text when an image or document is attached (it becomes the caption).</param>
/// <param name="EmergencyReasonMaxLength">Longest emergency reason.</param>
/// <param name="FilenameMaxLength">Longest document file name.</param>
/// <param name="Templates">Templates per category; a template's limit applies as well.</param>
/// <param name="TemplatesRequired">Cloud mode: a category without a template is refused (template-not-configured).</param>
/// <param name="WeeklyLimit">Non-emergency campaigns per calendar week.</param>
/// <param name="TimeZone">The zone the week and the console's times are read in.</param>
/// <param name="QuietHours">When news and weather asked for now wait for the morning; null when there are none.</param>
public sealed record CampaignLimitsResource(
    int TitleMaxLength,
    int TextMaxLength,
    int CaptionMaxLength,
    int EmergencyReasonMaxLength,
    int FilenameMaxLength,
    CampaignTemplatesResource Templates,
    bool TemplatesRequired,
    int WeeklyLimit,
    string TimeZone,
    QuietHoursResource? QuietHours);

/// <summary>The quiet hours, local times in the service's zone ("21:00" to "08:00" runs across midnight).</summary>
/// <param name="Start">When they begin.</param>
/// <param name="End">When they end: held campaigns start then.</param>
public sealed record QuietHoursResource(string Start, string End);

/// <summary>Who a campaign would reach now and when it would be done.</summary>
/// <param name="Audience">Active subscribers now.</param>
/// <param name="StartsAt">When sending would start: now, or the scheduled time.</param>
/// <param name="EstimatedCompletionAt">When the last message would leave, at the rate campaigns may use and within the daily recipient limit.</param>
/// <param name="MessagesPerSecond">The rate campaigns may use.</param>
/// <param name="HeldForQuietHours">Asked for now inside the quiet hours: it would start at their end.</param>
public sealed record CampaignEstimateResource(int Audience, DateTimeOffset StartsAt, DateTimeOffset EstimatedCompletionAt, double MessagesPerSecond, bool HeldForQuietHours);

/// <summary>One local day of consent changes.</summary>
/// <param name="Date">The day in the service's zone.</param>
/// <param name="OptIns">Numbers that subscribed.</param>
/// <param name="OptOuts">Numbers that unsubscribed.</param>
/// <param name="Active">Active subscribers at the end of the day, worked back from today's count and the later days' changes.</param>
public sealed record SubscriberDayResource(DateOnly Date, int OptIns, int OptOuts, int Active);

/// <summary>Active subscribers and how they changed: today, this week and per day, oldest first; counts only, never numbers.</summary>
public sealed record SubscriberTrendResource(
    int Active,
    int OptInsToday,
    int OptOutsToday,
    int OptInsThisWeek,
    int OptOutsThisWeek,
    IReadOnlyList<SubscriberDayResource> Days);
