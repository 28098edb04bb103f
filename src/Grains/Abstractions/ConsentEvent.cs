namespace Vimercate.Abstractions;

/// <summary>Why a consent record was written.</summary>
public enum ConsentAction
{
    /// <summary>The citizen sent a subscribe phrase.</summary>
    OptIn,

    /// <summary>The citizen sent an unsubscribe phrase.</summary>
    OptOut,

    /// <summary>WhatsApp told us the citizen moved to another number.</summary>
    NumberChanged,

    /// <summary>The data protection officer erased the number at the citizen's request.</summary>
    Erased,
}

/// <summary>One entry of a subscriber's consent history (GDPR proof of consent).</summary>
/// <param name="Action">Opt-in, opt-out, number change or erasure.</param>
/// <param name="At">When the citizen sent the message (Meta's timestamp); for an erasure, when it was asked.</param>
/// <param name="RecordedAt">When the service recorded it.</param>
/// <param name="WamidHash">The keyed hash of the message that carried the decision (Meta's wamid holds the number, so it is not kept); empty for an erasure, which no message carries.</param>
/// <param name="MatchedText">The citizen's words as received.</param>
/// <param name="TermsVersion">The terms in force (<c>Service:TermsVersion</c>).</param>
/// <param name="RequestedBy">For an erasure, the name of the API key that asked; null otherwise.</param>
[GenerateSerializer, Immutable, Alias("vimercate.ConsentEvent")]
public sealed record ConsentEvent(
    [property: Id(0)] ConsentAction Action,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] DateTimeOffset RecordedAt,
    [property: Id(3)] string WamidHash,
    [property: Id(4)] string? MatchedText,
    [property: Id(5)] string TermsVersion,
    [property: Id(6)] string? RequestedBy = null);
