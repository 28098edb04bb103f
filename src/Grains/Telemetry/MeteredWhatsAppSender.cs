using Vimercate.Messaging;

namespace Vimercate.Telemetry;

/// <summary>The pipeline stage that counts every request made and its result in <see cref="VimercateMetrics"/>.</summary>
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
