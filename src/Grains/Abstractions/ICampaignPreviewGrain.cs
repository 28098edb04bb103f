namespace Vimercate.Abstractions;

/// <summary>What a test send did for one staff phone.</summary>
public enum PreviewOutcome
{
    /// <summary>WhatsApp accepted the message.</summary>
    Sent,

    /// <summary>The number is not subscribed, so nothing was sent to it.</summary>
    NotSubscribed,

    /// <summary>WhatsApp did not take it now (outage, rate): try the test again later.</summary>
    NotSentNow,

    /// <summary>The request may have reached WhatsApp; it may still arrive.</summary>
    Unknown,

    /// <summary>WhatsApp refused it for this number or the account.</summary>
    Failed,
}

/// <summary>One staff phone's result of a test send.</summary>
/// <param name="Number">The number, E.164 digits.</param>
/// <param name="Outcome">What happened.</param>
/// <param name="ErrorCode">Meta's error code when WhatsApp refused or deferred it.</param>
[GenerateSerializer, Immutable, Alias("vimercate.PreviewDelivery")]
public sealed record PreviewDelivery(
    [property: Id(0)] string Number,
    [property: Id(1)] PreviewOutcome Outcome,
    [property: Id(2)] int? ErrorCode = null);

/// <summary>Sends a draft to staff phones only, as its recipients would get it; no campaign, no quota, no statuses.</summary>
[Alias("vimercate.ICampaignPreviewGrain")]
public interface ICampaignPreviewGrain : IGrainWithIntegerKey
{
    /// <summary>Sends the draft to each subscribed number once, through the rate-limited sender; the others are reported, not sent.</summary>
    Task<IReadOnlyList<PreviewDelivery>> SendAsync(CampaignDraft draft, IReadOnlyList<string> numbers);
}
