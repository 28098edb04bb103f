using System.Text.Json.Serialization;
using Vimercate.Abstractions;
using Vimercate.Api.Campaigns;
using Vimercate.Api.Quota;
using Vimercate.Audience;
using Vimercate.Broadcasts;

namespace Vimercate.Api.Privacy;

/// <summary>One campaign a number was sent, with where its message got to.</summary>
/// <param name="Id">The campaign.</param>
/// <param name="Title">The campaign's title.</param>
/// <param name="Category">news, weather or emergency.</param>
/// <param name="StartedAt">When the campaign started sending.</param>
/// <param name="Status">The number's message: pending, sent, delivered, read or failed.</param>
public sealed record ReceivedCampaignResource(
    string Id,
    string Title,
    [property: JsonConverter(typeof(LowercaseEnumConverter<CampaignCategory>))] CampaignCategory Category,
    DateTimeOffset? StartedAt,
    [property: JsonConverter(typeof(LowercaseEnumConverter<RecipientStatus>))] RecipientStatus Status);

/// <summary>Finds the campaigns a number was sent: each campaign's part in the number's audience shard knows its recipients.</summary>
internal static class ReceivedCampaigns
{
    private const int PageSize = 200;
    private const int Parallel = 16;

    /// <summary>Every campaign whose walk reached the number, newest first.</summary>
    public static async Task<IReadOnlyList<ReceivedCampaignResource>> ForAsync(IGrainFactory grains, string number, int shardCount, ServiceCalendar calendar)
    {
        var key = PhoneNumbers.ToKey(number);
        var shard = AudienceSharding.ShardOf(key, shardCount);
        var index = grains.GetGrain<ICampaignIndexGrain>(0);
        var campaignIds = new List<string>();
        for (var page = 1; ; page++)
        {
            var listed = await index.ListAsync(page, PageSize, null);
            campaignIds.AddRange(listed.CampaignIds);
            if (listed.CampaignIds.Count < PageSize)
            {
                break;
            }
        }

        var received = new List<ReceivedCampaignResource>();
        foreach (var chunk in campaignIds.Chunk(Parallel))
        {
            var statuses = await Task.WhenAll(chunk.Select(id => grains.GetCampaignShard(id, shard).StatusOfAsync(key)));
            for (var i = 0; i < chunk.Length; i++)
            {
                if (statuses[i] is { } status && await grains.GetGrain<IBroadcastGrain>(chunk[i]).GetAsync() is { } campaign)
                {
                    received.Add(new ReceivedCampaignResource(
                        campaign.Id,
                        campaign.Title,
                        campaign.Category,
                        campaign.StartedAt is { } startedAt ? calendar.ToLocal(startedAt) : null,
                        status));
                }
            }
        }

        return received;
    }
}
