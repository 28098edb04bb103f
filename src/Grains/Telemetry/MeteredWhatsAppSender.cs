using Vimercate.Messaging;

namespace Vimercate.Telemetry;

/// <summary>Counts every send and its result in <see cref="VimercateMetrics"/>, whatever sender is behind it.</summary>
internal sealed class MeteredWhatsAppSender(IWhatsAppSender inner, VimercateMetrics metrics) : IWhatsAppSender
{
    /// <inheritdoc />
    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        try
        {
            var result = await inner.SendAsync(message, cancellationToken);
            metrics.Sent(message, result);
            return result;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            metrics.SendThrew(message);
            throw;
        }
    }
}
