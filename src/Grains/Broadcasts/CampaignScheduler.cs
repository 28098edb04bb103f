using Microsoft.Extensions.Options;
using Vimercate.Abstractions;
using Vimercate.Hosting;

namespace Vimercate.Broadcasts;

/// <summary>The outcome of submitting a campaign: created, or refused for the weekly limit with the week's figures.</summary>
/// <param name="Campaign">The campaign, or null when the week's quota refused it.</param>
/// <param name="Quota">The figures of the week the campaign counts in.</param>
public sealed record CampaignSubmission(CampaignView? Campaign, QuotaView Quota)
{
    /// <summary>Whether the campaign was created.</summary>
    public bool Accepted => Campaign is not null;
}

/// <summary>
/// The press office's way in: reserves the slot in the week the campaign counts in, then creates the campaign.
/// The reservation comes first and is idempotent per campaign id, so a retry after a crash between the two steps
/// neither overbooks nor loses the slot.
/// </summary>
public sealed class CampaignScheduler(IGrainFactory grains, IOptions<ServiceOptions> service, TimeProvider time)
{
    /// <summary>A scheduled campaign counts in the week of its <c>scheduledAt</c>; one that starts now, in this week.</summary>
    public static QuotaWeek WeekOf(CampaignDraft draft, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return QuotaWeek.Containing(draft.ScheduledAt is { } at && at > now ? at : now, zone);
    }

    /// <summary>The week a draft submitted now would count in.</summary>
    public QuotaWeek WeekOf(CampaignDraft draft) => WeekOf(draft, time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(service.Value.TimeZone));

    /// <summary>Reserves the campaign's slot and creates it; refused (no campaign) when the week's limit is reached.</summary>
    public async Task<CampaignSubmission> SubmitAsync(string campaignId, CampaignDraft draft)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(campaignId);
        var week = WeekOf(draft);
        var decision = await grains.GetGrain<IQuotaGrain>(week.Key).ReserveAsync(new QuotaRequest(campaignId, draft.Category, draft.EmergencyReason));
        if (!decision.Accepted)
        {
            return new CampaignSubmission(null, decision.Quota);
        }

        var campaign = await grains.GetGrain<IBroadcastGrain>(campaignId).CreateInWeekAsync(draft, week.Key);
        return new CampaignSubmission(campaign, decision.Quota);
    }
}
