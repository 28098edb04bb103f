namespace Vimercate.Abstractions;

/// <summary>Everything the service holds about one number (GDPR access).</summary>
/// <param name="Current">The number's state, or null when none is kept in plain (never known, forgotten or erased).</param>
/// <param name="Archived">The consent history archived under the number's keyed hash, or null when none is archived.</param>
[GenerateSerializer, Immutable, Alias("vimercate.SubscriberExport")]
public sealed record SubscriberExport(
    [property: Id(0)] SubscriberView? Current,
    [property: Id(1)] ArchivedConsent? Archived)
{
    /// <summary>Whether the service holds anything about the number.</summary>
    public bool IsKnown => Current is not null || Archived is not null;
}

/// <summary>What an erasure did.</summary>
public enum ErasureOutcome
{
    /// <summary>The number's state was cleared; its consent history, with the erasure, is archived under its keyed hash.</summary>
    Erased,

    /// <summary>Nothing was kept about the number in plain (never known, forgotten or erased before); nothing changed.</summary>
    NothingHeld,
}
