namespace Vimercate.Messaging;

/// <summary>Sends nothing over the network: records each message in the <see cref="SandboxOutbox"/>.</summary>
public sealed class SandboxWhatsAppSender(SandboxOutbox outbox, TimeProvider time) : IWhatsAppSender
{
    /// <inheritdoc />
    public Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        var id = $"wamid.sandbox.{Guid.NewGuid():N}";
        var type = message.Kind.ToString().ToLowerInvariant();
        outbox.Add(new SandboxMessage(message.To, type, message.Text, message.Template?.Name, message.CampaignId, time.GetUtcNow(), id));
        return Task.FromResult(SendResult.Accepted(id));
    }
}
