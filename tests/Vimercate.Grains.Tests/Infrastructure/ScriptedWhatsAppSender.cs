using System.Collections.Concurrent;
using Vimercate.Messaging;

namespace Vimercate.Grains.Tests.Infrastructure;

/// <summary>A sender whose next answers to a number a test decides; unscripted sends go to the sandbox.</summary>
public sealed class ScriptedWhatsAppSender(IWhatsAppSender delivery) : IWhatsAppSender
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<SendResult>> _scripts = new();
    private readonly ConcurrentQueue<OutboundMessage> _attempts = new();

    /// <summary>The next sends to <paramref name="to"/> answer these, in order, without delivering.</summary>
    public void Script(string to, params SendResult[] answers)
    {
        var queue = _scripts.GetOrAdd(to, _ => new ConcurrentQueue<SendResult>());
        foreach (var answer in answers)
        {
            queue.Enqueue(answer);
        }
    }

    /// <summary>How many times something was offered to <paramref name="to"/>, delivered or not.</summary>
    public int AttemptsTo(string to) => _attempts.Count(m => m.To == to);

    /// <inheritdoc />
    public Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        _attempts.Enqueue(message);
        return _scripts.TryGetValue(message.To, out var queue) && queue.TryDequeue(out var answer)
            ? Task.FromResult(answer)
            : delivery.SendAsync(message, cancellationToken);
    }
}
