using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vimercate.Abstractions;
using Vimercate.Audience;
using Vimercate.Hosting;
using Vimercate.Messaging;

namespace Vimercate.Broadcasts;

/// <summary>
/// Takes a webhook's statuses and hands them to the campaign shards: grouped by campaign (biz_opaque_callback_data)
/// and audience shard (from the recipient), one grain call per group. It returns once every shard has written its
/// statuses, so the webhook's 200 means they are durable; a failure surfaces, and Meta's retry is harmless because
/// statuses only move forward. It is the silo's <see cref="IDeliveryStatusSink"/>.
/// </summary>
public sealed partial class CampaignStatusRouter(IGrainFactory grains, IOptions<AudienceOptions> audience, ILogger<CampaignStatusRouter> logger) : IDeliveryStatusSink
{
    /// <inheritdoc />
    public Task AcceptAsync(IReadOnlyList<DeliveryStatusUpdate> updates) => RouteAsync(updates);

    /// <summary>Routes the statuses of one webhook payload; statuses of replies (no campaign) are skipped.</summary>
    public async Task RouteAsync(IReadOnlyList<DeliveryStatusUpdate> updates)
    {
        ArgumentNullException.ThrowIfNull(updates);
        var groups = new Dictionary<(string Campaign, int Shard), List<RecipientStatusUpdate>>();
        foreach (var update in updates)
        {
            if (string.IsNullOrEmpty(update.BizOpaqueCallbackData))
            {
                continue;
            }

            if (!PhoneNumbers.IsValid(update.RecipientId))
            {
                LogUnroutable(logger, update.BizOpaqueCallbackData, PhoneNumbers.Mask(update.RecipientId));
                continue;
            }

            var number = PhoneNumbers.ToKey(update.RecipientId);
            var key = (update.BizOpaqueCallbackData, AudienceSharding.ShardOf(number, audience.Value.ShardCount));
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = [];
            }

            group.Add(new RecipientStatusUpdate(number, update.Wamid, ToRecipientStatus(update.Status)));
        }

        await Task.WhenAll(groups.Select(g => grains.GetCampaignShard(g.Key.Campaign, g.Key.Shard).ApplyStatusesAsync(g.Value)));
    }

    private static RecipientStatus ToRecipientStatus(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Sent => RecipientStatus.Sent,
        DeliveryStatus.Delivered => RecipientStatus.Delivered,
        DeliveryStatus.Read => RecipientStatus.Read,
        _ => RecipientStatus.Failed,
    };

    [LoggerMessage(EventId = 5201, Level = LogLevel.Warning, Message = "A status of campaign {CampaignId} names no valid recipient ({Recipient}); ignored")]
    private static partial void LogUnroutable(ILogger logger, string campaignId, string recipient);
}
