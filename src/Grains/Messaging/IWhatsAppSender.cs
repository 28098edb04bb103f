namespace Vimercate.Messaging;

/// <summary>The port to WhatsApp: one message, one recipient, one request.</summary>
public interface IWhatsAppSender
{
    /// <summary>Sends one message, retrying transient failures a bounded number of times, and says what to do next.</summary>
    Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken = default);
}
