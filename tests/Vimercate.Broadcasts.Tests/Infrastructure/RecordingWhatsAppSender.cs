using System.Collections.Concurrent;
using System.Diagnostics;
using Vimercate.Messaging;

namespace Vimercate.Broadcasts.Tests.Infrastructure;

/// <summary>One message that reached the fake WhatsApp.</summary>
/// <param name="Message">What was sent.</param>
/// <param name="At">Stopwatch time of the send.</param>
/// <param name="Order">The global order of events (sends, fetches, opt-outs) in the test.</param>
/// <param name="MessageId">The wamid it got.</param>
/// <param name="Silo">The silo that sent it.</param>
public sealed record RecordedSend(OutboundMessage Message, TimeSpan At, long Order, string MessageId, string Silo);

/// <summary>
/// The WhatsApp every silo of a test cluster talks to: it records each message and answers "sent", unless a test
/// scripted another answer for that number.
/// </summary>
public sealed class RecordingWhatsAppSender(EventClock clock)
{
    private readonly ConcurrentQueue<RecordedSend> _sends = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<SendResult>> _scripts = new();
    private long _ids;

    /// <summary>How long WhatsApp takes to answer (recorded on arrival, answered after): a crash can fall in between.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Every message recorded so far.</summary>
    public IReadOnlyList<RecordedSend> Sends => [.. _sends];

    /// <summary>How many messages of one campaign were recorded.</summary>
    public int CountFor(string campaignId) => _sends.Count(s => s.Message.CampaignId == campaignId);

    /// <summary>Messages of one campaign per recipient.</summary>
    public Dictionary<string, int> PerRecipient(string campaignId) =>
        _sends.Where(s => s.Message.CampaignId == campaignId).GroupBy(s => s.Message.To).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>The next sends to <paramref name="to"/> get these answers, in order; "sent" ones are recorded.</summary>
    public void Script(string to, params SendResult[] answers)
    {
        var queue = _scripts.GetOrAdd(to, _ => new ConcurrentQueue<SendResult>());
        foreach (var answer in answers)
        {
            queue.Enqueue(answer);
        }
    }

    /// <summary>The sender one silo uses: the same record, with the silo's name on each message.</summary>
    public IWhatsAppSender For(string silo) => new SiloSender(this, silo);

    /// <summary>Silos whose process is considered dead: they reach WhatsApp no more.</summary>
    public ConcurrentDictionary<string, bool> Dead { get; } = new();

    private async Task<SendResult> SendAsync(OutboundMessage message, string silo, CancellationToken cancellationToken)
    {
        if (Dead.ContainsKey(silo))
        {
            throw new HttpRequestException($"Silo {silo} is dead.");
        }

        if (_scripts.TryGetValue(message.To, out var queue) && queue.TryDequeue(out var answer) && answer.Outcome != SendOutcome.Sent)
        {
            return answer;
        }

        var id = $"wamid.test.{Interlocked.Increment(ref _ids)}";
        _sends.Enqueue(new RecordedSend(message, Stopwatch.GetElapsedTime(clock.Started), clock.Next(), id, silo));
        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, cancellationToken);
        }

        return SendResult.Accepted(id);
    }

    private sealed class SiloSender(RecordingWhatsAppSender recorder, string silo) : IWhatsAppSender
    {
        public Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken = default) => recorder.SendAsync(message, silo, cancellationToken);
    }
}

/// <summary>A shared order of test events across silos: which happened first, a fetch or an opt-out.</summary>
public sealed class EventClock
{
    private long _order;

    /// <summary>Stopwatch timestamp of the test's start.</summary>
    public long Started { get; } = Stopwatch.GetTimestamp();

    /// <summary>The next position in the order.</summary>
    public long Next() => Interlocked.Increment(ref _order);
}
