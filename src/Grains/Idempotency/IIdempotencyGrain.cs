namespace Vimercate.Idempotency;

/// <summary>What one <c>Idempotency-Key</c> stands for: the request it first came with and the campaign made for it.</summary>
/// <param name="RequestHash">SHA-256 of the request in canonical form (lowercase hex).</param>
/// <param name="CampaignId">The campaign id chosen for that request.</param>
/// <param name="WeekKey">The quota week the campaign was reserved in, so a retry never reserves in another week.</param>
[GenerateSerializer, Immutable, Alias("vimercate.IdempotencyRecord")]
public sealed record IdempotencyRecord(
    [property: Id(0)] string RequestHash,
    [property: Id(1)] string CampaignId,
    [property: Id(2)] string WeekKey);

/// <summary>One idempotency key of one API key (key: "{apiKeyName}:{idempotencyKey}").</summary>
[Alias("vimercate.IIdempotencyGrain")]
public interface IIdempotencyGrain : IGrainWithStringKey
{
    /// <summary>The request this key already stands for, or null when the key has not been used.</summary>
    Task<IdempotencyRecord?> GetAsync();

    /// <summary>Binds the key to <paramref name="candidate"/> unless it already stands for a request; returns what it stands for.</summary>
    Task<IdempotencyRecord> ClaimAsync(IdempotencyRecord candidate);
}

/// <summary>Builds the keys of <see cref="IIdempotencyGrain"/>.</summary>
public static class IdempotencyKeys
{
    /// <summary>The grain key of an idempotency key sent by the API key named <paramref name="apiKeyName"/>.</summary>
    public static string For(string apiKeyName, string idempotencyKey) => $"{apiKeyName}:{idempotencyKey}";
}
