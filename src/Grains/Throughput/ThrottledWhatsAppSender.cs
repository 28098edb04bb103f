using Vimercate.Messaging;

namespace Vimercate.Throughput;

/// <summary>
/// Wraps the configured <see cref="IWhatsAppSender"/>: replies to citizens (messages without a campaign) wait for a
/// token of the reply share, so no broadcast can starve them; campaign messages pass straight through because their
/// shards take tokens per batch before sending. Every 130429 lowers the cluster-wide rate.
/// </summary>
public sealed class ThrottledWhatsAppSender(IWhatsAppSender inner, OutboundThrottle throttle) : IWhatsAppSender
{
    /// <inheritdoc />
    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.CampaignId is null)
        {
            await throttle.AcquireAsync(SendPriority.Reply, 1, Timeout.InfiniteTimeSpan, cancellationToken);
        }

        var result = await inner.SendAsync(message, cancellationToken);
        await throttle.ObserveAsync(result);
        return result;
    }
}
