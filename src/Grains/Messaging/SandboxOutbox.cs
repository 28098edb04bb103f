using System.Collections.Concurrent;

namespace Vimercate.Messaging;

/// <summary>One message the sandbox "sent".</summary>
/// <param name="To">E.164 digits.</param>
/// <param name="Type">text, image, document or template.</param>
/// <param name="Text">Body, caption or template parameter.</param>
/// <param name="Template">Template name, when one was used.</param>
/// <param name="CampaignId">The campaign, for broadcasts.</param>
/// <param name="At">When it was recorded.</param>
/// <param name="MessageId">The wamid the sandbox assigned.</param>
public sealed record SandboxMessage(string To, string Type, string Text, string? Template, string? CampaignId, DateTimeOffset At, string MessageId);

/// <summary>The in-process record of what the sandbox sender "sent", oldest first.</summary>
public sealed class SandboxOutbox
{
    private readonly ConcurrentQueue<SandboxMessage> _messages = new();

    /// <summary>Appends one message.</summary>
    public void Add(SandboxMessage message) => _messages.Enqueue(message);

    /// <summary>Every message recorded so far, optionally for one number only.</summary>
    public IReadOnlyList<SandboxMessage> List(string? to = null) =>
        _messages.Where(m => to is null || m.To == to).ToList();

    /// <summary>How many messages were recorded.</summary>
    public int Count => _messages.Count;
}
