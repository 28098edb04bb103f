using Vimercate.Messaging;

namespace Vimercate.Throughput;

/// <summary>The pipeline's first stage: a campaign message passes the daily recipient limit, then every message waits for a slot of the cluster-wide limiter (docs/design/limiter.md).</summary>
public sealed class ThrottledWhatsAppSender(IWhatsAppSender inner, OutboundThrottle throttle, DailyRecipientGate daily) : IWhatsAppSender
{
    /// <inheritdoc />
    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.CampaignId is not null && daily.Applies && await daily.AdmitAsync(message, cancellationToken) is { } refused)
        {
            return refused;
        }

        return await throttle.SendAsync(message.Priority, () => inner.SendAsync(message, cancellationToken), cancellationToken);
    }
}
