using Orleans.Concurrency;

namespace Vimercate.Broadcasts;

/// <summary>One campaign's part in one audience shard (key: "{campaignId}/{shard}"): cursor and recipients' statuses.</summary>
[Alias("vimercate.ICampaignShardGrain")]
public interface ICampaignShardGrain : IGrainWithStringKey
{
    /// <summary>Starts or resumes sending; idempotent, a no-op while the shard is running or done.</summary>
    [OneWay]
    Task KickAsync(ShardAssignment assignment);

    /// <summary>Stops sending at the next batch; nothing more leaves.</summary>
    [OneWay]
    Task StopAsync();

    /// <summary>Moves recipients' statuses forward; duplicates and late lower statuses change nothing.</summary>
    Task ApplyStatusesAsync(IReadOnlyList<RecipientStatusUpdate> updates);

    /// <summary>The shard's progress.</summary>
    Task<CampaignShardView> GetAsync();

    /// <summary>One recipient's status in this campaign, or null when the walk did not reach the number (GDPR access).</summary>
    Task<RecipientStatus?> StatusOfAsync(ulong number);
}

/// <summary>Finds a campaign's part in one audience shard.</summary>
public static class CampaignShards
{
    /// <summary>The shard grain of <paramref name="campaignId"/> in audience shard <paramref name="shard"/>.</summary>
    public static ICampaignShardGrain GetCampaignShard(this IGrainFactory grains, string campaignId, int shard) =>
        grains.GetGrain<ICampaignShardGrain>(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{campaignId}/{shard}"));
}
