using System.Globalization;
using System.Security.Claims;
using Vimercate.Abstractions;
using Vimercate.Api.Quota;
using Vimercate.Api.Security;
using Vimercate.Privacy;

namespace Vimercate.Api.Audit;

/// <summary>Writes the press office's actions to the <see cref="IAuditLog"/>, with the key that did them and when; subscribers only by keyed hash.</summary>
public sealed partial class PressOfficeAudit(IAuditLog log, ServiceCalendar calendar, NumberHasher hasher, ILogger<PressOfficeAudit> logger)
{
    /// <summary>What a subscriber is called in the audit log: its keyed hash, so that an erased number stays out of it.</summary>
    public string SubscriberTarget(string number) => "subscriber:" + hasher.Hash(number);

    /// <summary>A campaign was created: scheduled, sent now, or an emergency with its reason.</summary>
    public Task CampaignCreatedAsync(ClaimsPrincipal user, CampaignView campaign)
    {
        var action = campaign.Category == CampaignCategory.Emergency
            ? AuditActions.EmergencyCreated
            : campaign.ScheduledAt is null ? AuditActions.CampaignCreated : AuditActions.CampaignScheduled;
        var details = string.Create(CultureInfo.InvariantCulture, $"{campaign.Category.ToString().ToLowerInvariant()} \"{campaign.Title}\"");
        if (campaign.ScheduledAt is { } scheduledAt)
        {
            details += string.Create(CultureInfo.InvariantCulture, $", scheduled for {calendar.ToLocal(scheduledAt):O}");
            if (campaign.HeldForQuietHours)
            {
                details += " (asked for now, held by the quiet hours)";
            }
        }

        if (campaign.EmergencyReason is { } reason)
        {
            details += $", reason: {reason}";
        }

        return AppendAsync(user, action, campaign.Id, details);
    }

    /// <summary>A draft was sent to the test phones: what it was and how many got it; the numbers only masked.</summary>
    public Task CampaignPreviewedAsync(ClaimsPrincipal user, CampaignDraft draft, IReadOnlyList<PreviewDelivery> deliveries)
    {
        var sent = deliveries.Count(d => d.Outcome == PreviewOutcome.Sent);
        var phones = string.Join(", ", deliveries.Select(d => $"{PhoneNumbers.Mask(d.Number)} {d.Outcome}"));
        var details = string.Create(
            CultureInfo.InvariantCulture,
            $"{draft.Category.ToString().ToLowerInvariant()} \"{draft.Title}\" to {sent} of {deliveries.Count} test phones: {phones}");
        return AppendAsync(user, AuditActions.CampaignPreviewed, "preview", details);
    }

    /// <summary>A campaign was cancelled.</summary>
    public Task CampaignCancelledAsync(ClaimsPrincipal user, string campaignId) =>
        AppendAsync(user, AuditActions.CampaignCancelled, campaignId, null);

    /// <summary>The data protection officer read what is held about a number.</summary>
    public Task SubscriberAccessedAsync(ClaimsPrincipal user, string number, bool found) =>
        AppendAsync(user, AuditActions.SubscriberAccessed, SubscriberTarget(number), $"number {PhoneNumbers.Mask(number)}; {(found ? "data found" : "nothing held")}");

    /// <summary>The data protection officer erased a number.</summary>
    public Task SubscriberErasedAsync(ClaimsPrincipal user, string number, ErasureOutcome outcome) =>
        AppendAsync(
            user,
            AuditActions.SubscriberErased,
            SubscriberTarget(number),
            $"number {PhoneNumbers.Mask(number)}; {(outcome == ErasureOutcome.Erased ? "state cleared, consent history archived" : "nothing held in plain")}");

    private async Task AppendAsync(ClaimsPrincipal user, string action, string target, string? details)
    {
        var entry = await log.AppendAsync(calendar.Now, user.ApiKeyName(), action, target, details);
        LogAudited(logger, entry.Id, entry.Action, entry.ApiKeyName);
    }

    [LoggerMessage(EventId = 8100, Level = LogLevel.Information, Message = "Audit entry {Id}: {Action} by {ApiKeyName}")]
    private static partial void LogAudited(ILogger logger, long id, string action, string apiKeyName);
}
