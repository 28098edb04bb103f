namespace Vimercate.Abstractions;

/// <summary>Asks for a slot in a week's quota.</summary>
[GenerateSerializer, Immutable, Alias("vimercate.QuotaRequest")]
public sealed record QuotaRequest(
    [property: Id(0)] string CampaignId,
    [property: Id(1)] CampaignCategory Category,
    [property: Id(2)] string? EmergencyReason);

/// <summary>A week's quota: non-emergency campaigns used against the limit, emergencies counted apart.</summary>
[GenerateSerializer, Immutable, Alias("vimercate.QuotaView")]
public sealed record QuotaView(
    [property: Id(0)] string Week,
    [property: Id(1)] int Limit,
    [property: Id(2)] int Used,
    [property: Id(3)] int Remaining,
    [property: Id(4)] DateTimeOffset WeekStart,
    [property: Id(5)] DateTimeOffset ResetsAt,
    [property: Id(6)] int Emergencies);

/// <summary>The answer to a reservation: accepted (also when already held) or refused with the week's figures.</summary>
[GenerateSerializer, Immutable, Alias("vimercate.QuotaDecision")]
public sealed record QuotaDecision(
    [property: Id(0)] bool Accepted,
    [property: Id(1)] QuotaView Quota);

/// <summary>One campaign's slot in a week.</summary>
/// <param name="CampaignId">The campaign holding the slot.</param>
/// <param name="Category">Emergencies are counted apart and never refused.</param>
/// <param name="EmergencyReason">Why an emergency went out; null for other categories.</param>
/// <param name="ReservedAt">When the slot was taken.</param>
[GenerateSerializer, Immutable, Alias("vimercate.QuotaReservation")]
public sealed record QuotaReservation(
    [property: Id(0)] string CampaignId,
    [property: Id(1)] CampaignCategory Category,
    [property: Id(2)] string? EmergencyReason,
    [property: Id(3)] DateTimeOffset ReservedAt);

/// <summary>One calendar week's campaign quota (key: ISO week in Service:TimeZone, e.g. "2026-W48").</summary>
[Alias("vimercate.IQuotaGrain")]
public interface IQuotaGrain : IGrainWithStringKey
{
    /// <summary>Reserves a slot for the campaign; idempotent per campaign id; emergencies are never refused.</summary>
    Task<QuotaDecision> ReserveAsync(QuotaRequest request);

    /// <summary>Gives the campaign's slot back (cancelled before any message left); idempotent.</summary>
    Task ReleaseAsync(string campaignId);

    /// <summary>The week's figures.</summary>
    Task<QuotaView> GetAsync();

    /// <summary>The week's reservations, oldest first; emergencies keep their reason.</summary>
    Task<IReadOnlyList<QuotaReservation>> ListAsync();
}
