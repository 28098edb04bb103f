namespace Vimercate.Abstractions;

/// <summary>One campaign (key: campaign id): its lifecycle, schedule and the totals its shards report.</summary>
[Alias("vimercate.IBroadcastGrain")]
public interface IBroadcastGrain : IGrainWithStringKey
{
    /// <summary>Creates the campaign and queues or schedules it; idempotent for the same draft. Its quota slot is already reserved.</summary>
    Task<CampaignView> CreateAsync(CampaignDraft draft);

    /// <summary>As <see cref="CreateAsync"/>, with the slot reserved in <paramref name="quotaWeek"/> (the week of scheduledAt, or of now).</summary>
    Task<CampaignView> CreateInWeekAsync(CampaignDraft draft, string quotaWeek);

    /// <summary>The campaign with its counts, or null when no campaign has this id.</summary>
    Task<CampaignView?> GetAsync();

    /// <summary>Stops a scheduled or running campaign; a campaign cancelled before any message left gives its quota slot back.</summary>
    Task<CancelOutcome> CancelAsync(string cancelledBy);
}
