using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vimercate.Abstractions;
using Vimercate.Audience;
using Vimercate.Hosting;

namespace Vimercate.Broadcasts;

/// <summary>One delivery status of a message we sent, as a webhook reports it.</summary>
/// <param name="Wamid">The id WhatsApp gave the message.</param>
/// <param name="Status">Sent, delivered, read or failed.</param>
/// <param name="RecipientId">The recipient's number (E.164 digits).</param>
/// <param name="CampaignId">biz_opaque_callback_data: the campaign id for broadcasts, null for replies.</param>
public sealed record CampaignStatusUpdate(string Wamid, RecipientStatus Status, string RecipientId, string? CampaignId);

/// <summary>
/// Takes a webhook's statuses and hands them to the campaign shards: grouped by campaign (biz_opaque_callback_data)
/// and audience shard (from the recipient), one grain call per group. It returns once every shard has written its
/// statuses, so the webhook's 200 means they are durable; a failure surfaces, and Meta's retry is harmless because
/// statuses only move forward.
/// </summary>
public sealed partial class CampaignStatusRouter(IGrainFactory grains, IOptions<AudienceOptions> audience, ILogger<CampaignStatusRouter> logger)
{
    /// <summary>Routes the statuses of one webhook payload; statuses of replies (no campaign) are skipped.</summary>
    public async Task RouteAsync(IReadOnlyList<CampaignStatusUpdate> updates)
    {
        ArgumentNullException.ThrowIfNull(updates);
        var groups = new Dictionary<(string Campaign, int Shard), List<RecipientStatusUpdate>>();
        foreach (var update in updates)
        {
            if (string.IsNullOrEmpty(update.CampaignId) || update.Status == RecipientStatus.Pending)
            {
                continue;
            }

            if (!PhoneNumbers.IsValid(update.RecipientId))
            {
                LogUnroutable(logger, update.CampaignId, PhoneNumbers.Mask(update.RecipientId));
                continue;
            }

            var number = PhoneNumbers.ToKey(update.RecipientId);
            var key = (update.CampaignId, AudienceSharding.ShardOf(number, audience.Value.ShardCount));
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = [];
            }

            group.Add(new RecipientStatusUpdate(number, update.Wamid, update.Status));
        }

        await Task.WhenAll(groups.Select(g => grains.GetCampaignShard(g.Key.Campaign, g.Key.Shard).ApplyStatusesAsync(g.Value)));
    }

    [LoggerMessage(EventId = 5201, Level = LogLevel.Warning, Message = "A status of campaign {CampaignId} names no valid recipient ({Recipient}); ignored")]
    private static partial void LogUnroutable(ILogger logger, string campaignId, string recipient);
}
