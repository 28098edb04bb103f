namespace Vimercate.Abstractions;

/// <summary>What a campaign is about; emergencies are never refused for the weekly limit.</summary>
public enum CampaignCategory
{
    /// <summary>Public-utility news.</summary>
    News,

    /// <summary>Weather alerts.</summary>
    Weather,

    /// <summary>Emergencies: counted, never refused, sent first.</summary>
    Emergency,
}

/// <summary>Where a campaign is in its life.</summary>
public enum CampaignStatus
{
    /// <summary>Waiting for its scheduled time.</summary>
    Scheduled,

    /// <summary>Accepted, about to start.</summary>
    Queued,

    /// <summary>Shards are sending.</summary>
    Sending,

    /// <summary>No recipient is pending.</summary>
    Completed,

    /// <summary>Stopped by the press office.</summary>
    Cancelled,

    /// <summary>Stopped by WhatsApp (account or template problem).</summary>
    Failed,
}

/// <summary>The kind of attachment a campaign carries.</summary>
public enum MediaKind
{
    /// <summary>An image, the text as caption.</summary>
    Image,

    /// <summary>A document, the text as caption.</summary>
    Document,
}

/// <summary>An attachment sent by link.</summary>
[GenerateSerializer, Immutable, Alias("vimercate.CampaignMedia")]
public sealed record CampaignMedia(
    [property: Id(0)] MediaKind Kind,
    [property: Id(1)] string Url,
    [property: Id(2)] string? Filename);

/// <summary>A validated request to broadcast.</summary>
/// <param name="Title">For the press office only; 1–120 characters.</param>
/// <param name="Text">What citizens read.</param>
/// <param name="Category">News, weather or emergency.</param>
/// <param name="Media">Optional image or document.</param>
/// <param name="ScheduledAt">Null: send now.</param>
/// <param name="EmergencyReason">Required for emergencies, null otherwise.</param>
/// <param name="CreatedBy">Name of the API key that asked.</param>
/// <param name="HeldForQuietHours">Asked to go now inside the quiet hours: <paramref name="ScheduledAt"/> is when they end.</param>
[GenerateSerializer, Immutable, Alias("vimercate.CampaignDraft")]
public sealed record CampaignDraft(
    [property: Id(0)] string Title,
    [property: Id(1)] string Text,
    [property: Id(2)] CampaignCategory Category,
    [property: Id(3)] CampaignMedia? Media,
    [property: Id(4)] DateTimeOffset? ScheduledAt,
    [property: Id(5)] string? EmergencyReason,
    [property: Id(6)] string CreatedBy,
    [property: Id(7)] bool HeldForQuietHours = false);

/// <summary>Cumulative recipient counts: audience = pending + sent + failed; read ≤ delivered ≤ sent.</summary>
[GenerateSerializer, Immutable, Alias("vimercate.CampaignCounts")]
public sealed record CampaignCounts(
    [property: Id(0)] int Audience,
    [property: Id(1)] int Pending,
    [property: Id(2)] int Sent,
    [property: Id(3)] int Delivered,
    [property: Id(4)] int Read,
    [property: Id(5)] int Failed)
{
    /// <summary>No recipients yet.</summary>
    public static CampaignCounts Empty { get; } = new(0, 0, 0, 0, 0, 0);
}

/// <summary>A campaign as the press office sees it: counts, never numbers.</summary>
[GenerateSerializer, Immutable, Alias("vimercate.CampaignView")]
public sealed record CampaignView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title,
    [property: Id(2)] string Text,
    [property: Id(3)] CampaignCategory Category,
    [property: Id(4)] CampaignStatus Status,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] DateTimeOffset? ScheduledAt,
    [property: Id(7)] DateTimeOffset? StartedAt,
    [property: Id(8)] DateTimeOffset? CompletedAt,
    [property: Id(9)] string CreatedBy,
    [property: Id(10)] DateTimeOffset? EstimatedCompletionAt,
    [property: Id(11)] CampaignCounts Counts,
    [property: Id(12)] CampaignMedia? Media,
    [property: Id(13)] string? EmergencyReason,
    [property: Id(14)] bool HeldForQuietHours = false);

/// <summary>Why a cancel did or did not happen.</summary>
public enum CancelOutcome
{
    /// <summary>The campaign stopped; nothing more leaves.</summary>
    Cancelled,

    /// <summary>It had already completed, failed or been cancelled.</summary>
    AlreadyFinished,

    /// <summary>No campaign has this id.</summary>
    NotFound,
}
