using System.Text.Json.Serialization;
using Vimercate.Abstractions;
using Vimercate.Api.Campaigns;
using Vimercate.Api.Quota;

namespace Vimercate.Api.Privacy;

/// <summary>Everything the service holds about one number (GDPR access); times carry the service zone's offset.</summary>
/// <param name="Number">The number, E.164 digits.</param>
/// <param name="Current">The number's state, or null when none is kept in plain (forgotten or erased).</param>
/// <param name="Archived">The consent history archived under the number's keyed hash, or null when none is.</param>
/// <param name="Campaigns">The campaigns sent to the number, newest first, with the status of its message.</param>
public sealed record SubscriberDataResource(
    string Number,
    SubscriberStateResource? Current,
    ArchivedConsentResource? Archived,
    IReadOnlyList<ReceivedCampaignResource> Campaigns)
{
    /// <summary>The resource of a subscriber export and the campaigns the number was sent.</summary>
    public static SubscriberDataResource From(string number, SubscriberExport export, IReadOnlyList<ReceivedCampaignResource> campaigns, ServiceCalendar calendar) => new(
        number,
        export.Current is { } current
            ? new SubscriberStateResource(
                current.IsSubscribed,
                current.ConsentHistory.Select(record => ConsentRecordResource.From(record, calendar)).ToList(),
                Local(current.LastInboundAt, calendar),
                Local(current.LastAutoReplyAt, calendar),
                current.PendingReplies)
            : null,
        export.Archived is { } archived
            ? new ArchivedConsentResource(
                archived.History.Select(record => ConsentRecordResource.From(record, calendar)).ToList(),
                calendar.ToLocal(archived.ClosedAt),
                calendar.ToLocal(archived.DeleteAt))
            : null,
        campaigns);

    private static DateTimeOffset? Local(DateTimeOffset? instant, ServiceCalendar calendar) =>
        instant is { } value ? calendar.ToLocal(value) : null;
}

/// <summary>The state kept in plain for a number.</summary>
/// <param name="Subscribed">Whether broadcasts reach the number.</param>
/// <param name="ConsentHistory">Every opt-in, opt-out and number change, oldest first.</param>
/// <param name="LastInboundAt">When the number last wrote (Meta's timestamp).</param>
/// <param name="LastAutoReplyAt">When the auto-reply was last queued.</param>
/// <param name="PendingReplies">Replies accepted but not yet handed to WhatsApp.</param>
public sealed record SubscriberStateResource(
    bool Subscribed,
    IReadOnlyList<ConsentRecordResource> ConsentHistory,
    DateTimeOffset? LastInboundAt,
    DateTimeOffset? LastAutoReplyAt,
    int PendingReplies);

/// <summary>The consent history archived under the number's keyed hash.</summary>
/// <param name="ConsentHistory">Every archived record, oldest first.</param>
/// <param name="ClosedAt">The opt-out, number change or erasure the retention counts from.</param>
/// <param name="DeleteAt">When the archive is deleted (<c>Privacy:ConsentRetentionDays</c> after <paramref name="ClosedAt"/>).</param>
public sealed record ArchivedConsentResource(IReadOnlyList<ConsentRecordResource> ConsentHistory, DateTimeOffset ClosedAt, DateTimeOffset DeleteAt);

/// <summary>One consent record: the proof of an opt-in, an opt-out, a number change or an erasure.</summary>
/// <param name="Action">optIn, optOut, numberChanged or erased.</param>
/// <param name="At">When the citizen sent the message (for an erasure: when it was asked).</param>
/// <param name="RecordedAt">When the service recorded it.</param>
/// <param name="WamidHash">The keyed hash of the WhatsApp message that carried it (the message id itself holds the number and is not kept); null for an erasure.</param>
/// <param name="MatchedText">The citizen's words as received.</param>
/// <param name="TermsVersion">The terms in force.</param>
/// <param name="RequestedBy">For an erasure, the API key that asked.</param>
public sealed record ConsentRecordResource(
    [property: JsonConverter(typeof(LowercaseEnumConverter<ConsentAction>))] ConsentAction Action,
    DateTimeOffset At,
    DateTimeOffset RecordedAt,
    string? WamidHash,
    string? MatchedText,
    string TermsVersion,
    string? RequestedBy)
{
    /// <summary>The resource of a consent record.</summary>
    public static ConsentRecordResource From(ConsentEvent record, ServiceCalendar calendar) => new(
        record.Action,
        calendar.ToLocal(record.At),
        calendar.ToLocal(record.RecordedAt),
        string.IsNullOrEmpty(record.WamidHash) ? null : record.WamidHash,
        record.MatchedText,
        record.TermsVersion,
        record.RequestedBy);
}
