namespace Vimercate.Abstractions;

/// <summary>A consent history handed to the archive when the number stops being needed in plain.</summary>
/// <param name="History">Every consent record of the number, oldest first.</param>
/// <param name="ClosedAt">When the opt-out, number change, erasure or forgetting that closed it was recorded: the retention counts from here.</param>
/// <param name="ConsentDecidedAt">Timestamp of the newest message that decided the consent: an older message arriving later decides nothing.</param>
[GenerateSerializer, Immutable, Alias("vimercate.ConsentArchiveEntry")]
public sealed record ConsentArchiveEntry(
    [property: Id(0)] IReadOnlyList<ConsentEvent> History,
    [property: Id(1)] DateTimeOffset ClosedAt,
    [property: Id(2)] DateTimeOffset? ConsentDecidedAt);

/// <summary>What the archive holds for one number.</summary>
/// <param name="History">Every archived consent record, oldest first.</param>
/// <param name="ClosedAt">The latest closing: the retention counts from here.</param>
/// <param name="DeleteAt">When the archive is deleted unless the number's history is closed again.</param>
/// <param name="ConsentDecidedAt">Timestamp of the newest message that decided the consent.</param>
[GenerateSerializer, Immutable, Alias("vimercate.ArchivedConsent")]
public sealed record ArchivedConsent(
    [property: Id(0)] IReadOnlyList<ConsentEvent> History,
    [property: Id(1)] DateTimeOffset ClosedAt,
    [property: Id(2)] DateTimeOffset DeleteAt,
    [property: Id(3)] DateTimeOffset? ConsentDecidedAt);

/// <summary>
/// The consent history of a number that is no longer kept in plain (key: the number's keyed hash, see
/// <c>NumberHasher</c>): proof of consent for <c>Privacy:ConsentRetentionDays</c>, then deleted.
/// </summary>
[Alias("vimercate.IConsentArchiveGrain")]
public interface IConsentArchiveGrain : IGrainWithStringKey
{
    /// <summary>Adds the records not yet archived and restarts the retention from the entry's closing; idempotent.</summary>
    Task ArchiveAsync(ConsentArchiveEntry entry);

    /// <summary>The archived history, or null when nothing is archived (never, or deleted after the retention).</summary>
    Task<ArchivedConsent?> GetAsync();
}
