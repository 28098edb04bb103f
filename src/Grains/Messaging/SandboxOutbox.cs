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

/// <summary>The in-process record of what the sandbox sender "sent", oldest first: the last <see cref="Capacity"/> messages.</summary>
public sealed class SandboxOutbox
{
    /// <summary>How many messages are kept; older ones are forgotten (a campaign in the sandbox must not fill the memory with numbers).</summary>
    public const int Capacity = 1_000;

    private readonly Queue<SandboxMessage> _messages = new();
    private int _recorded;

    /// <summary>Appends one message, forgetting the oldest beyond <see cref="Capacity"/>.</summary>
    public void Add(SandboxMessage message)
    {
        lock (_messages)
        {
            _messages.Enqueue(message);
            if (_messages.Count > Capacity)
            {
                _messages.Dequeue();
            }

            _recorded++;
        }
    }

    /// <summary>The messages kept, optionally for one number only.</summary>
    public IReadOnlyList<SandboxMessage> List(string? to = null)
    {
        lock (_messages)
        {
            return _messages.Where(m => to is null || m.To == to).ToList();
        }
    }

    /// <summary>How many messages were recorded since the start, the forgotten ones included.</summary>
    public int Count
    {
        get
        {
            lock (_messages)
            {
                return _recorded;
            }
        }
    }
}
