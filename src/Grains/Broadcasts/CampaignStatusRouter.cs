using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vimercate.Abstractions;
using Vimercate.Audience;
using Vimercate.Hosting;
using Vimercate.Messaging;

namespace Vimercate.Broadcasts;

/// <summary>
/// Takes a webhook's statuses and hands them to the campaign shards: grouped by campaign (biz_opaque_callback_data)
/// and audience shard (from the recipient). Meta sends one status per webhook, so the groups go through a
/// <see cref="CoalescingDispatcher{TKey, TItem}"/>: one call per shard in flight, the statuses of every webhook that
/// arrives meanwhile in the next call, so a burst costs a shard one write per call rather than one per status.
/// It returns once every shard has written the call carrying its statuses, so the webhook's 200 means they are
/// durable; a failure surfaces (503, Meta delivers again), and the retry is harmless because statuses only move
/// forward. It is the silo's <see cref="IDeliveryStatusSink"/>.
/// </summary>
public sealed partial class CampaignStatusRouter : IDeliveryStatusSink
{
    private readonly IOptions<AudienceOptions> _audience;
    private readonly ILogger<CampaignStatusRouter> _logger;
    private readonly CoalescingDispatcher<(string Campaign, int Shard), RecipientStatusUpdate> _shards;

    /// <summary>Creates the router of one silo.</summary>
    public CampaignStatusRouter(IGrainFactory grains, IOptions<AudienceOptions> audience, ILogger<CampaignStatusRouter> logger)
    {
        _audience = audience;
        _logger = logger;
        _shards = new((shard, updates) => grains.GetCampaignShard(shard.Campaign, shard.Shard).ApplyStatusesAsync(updates));
    }

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
                LogUnroutable(_logger, update.BizOpaqueCallbackData, PhoneNumbers.Mask(update.RecipientId));
                continue;
            }

            var number = PhoneNumbers.ToKey(update.RecipientId);
            var key = (update.BizOpaqueCallbackData, AudienceSharding.ShardOf(number, _audience.Value.ShardCount));
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = [];
            }

            group.Add(new RecipientStatusUpdate(number, update.Wamid, ToRecipientStatus(update.Status)));
        }

        await Task.WhenAll(groups.Select(g => _shards.EnqueueAsync(g.Key, g.Value)));
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
