namespace Vimercate.Api.Audit;

/// <summary>One press office action as the audit log keeps it.</summary>
/// <param name="Id">Grows with every entry: the order of the log.</param>
/// <param name="At">When it happened.</param>
/// <param name="ApiKeyName">The name of the API key that did it (never the secret).</param>
/// <param name="Action">What was done, e.g. <c>campaign.created</c>; see <see cref="AuditActions"/>.</param>
/// <param name="Target">What it was done to: a campaign id, or <c>subscriber:</c> and the number's keyed hash.</param>
/// <param name="Details">What else the action needs to be understood later, e.g. an emergency's reason.</param>
public sealed record AuditEntry(long Id, DateTimeOffset At, string ApiKeyName, string Action, string? Target, string? Details);

/// <summary>One page of the audit log, newest first.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, int Page, int PageSize, long Total);

/// <summary>The actions the audit log records.</summary>
public static class AuditActions
{
    /// <summary>A news or weather campaign was created to go out now.</summary>
    public const string CampaignCreated = "campaign.created";

    /// <summary>A news or weather campaign was created for a later time.</summary>
    public const string CampaignScheduled = "campaign.scheduled";

    /// <summary>An emergency campaign was created (now or scheduled); the details hold its reason.</summary>
    public const string EmergencyCreated = "emergency.created";

    /// <summary>A campaign was cancelled.</summary>
    public const string CampaignCancelled = "campaign.cancelled";

    /// <summary>A draft was sent to the staff's test phones only.</summary>
    public const string CampaignPreviewed = "campaign.previewed";

    /// <summary>The data protection officer read what the service holds about a number.</summary>
    public const string SubscriberAccessed = "subscriber.accessed";

    /// <summary>The data protection officer erased a number.</summary>
    public const string SubscriberErased = "subscriber.erased";
}

/// <summary>The append-only record of what the press office did: in memory on the embedded defaults, a table in PostgreSQL mode.</summary>
public interface IAuditLog
{
    /// <summary>Appends one entry; returns it with its id.</summary>
    Task<AuditEntry> AppendAsync(DateTimeOffset at, string apiKeyName, string action, string? target, string? details, CancellationToken cancellationToken = default);

    /// <summary>One page of entries, newest first; pages count from 1.</summary>
    Task<AuditPage> ListAsync(int page, int pageSize, CancellationToken cancellationToken = default);
}
