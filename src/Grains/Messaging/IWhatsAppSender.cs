namespace Vimercate.Messaging;

/// <summary>The port to WhatsApp: one message, one recipient, one request.</summary>
public interface IWhatsAppSender
{
    /// <summary>Sends one message and says what to do next; nothing is retried inside (the owner of the message retries).</summary>
    Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken = default);
}
