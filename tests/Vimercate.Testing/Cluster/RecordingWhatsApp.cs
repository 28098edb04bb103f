using System.Collections.Concurrent;
using System.Diagnostics;
using Vimercate.Messaging;

namespace Vimercate.Testing.Cluster;

/// <summary>One message that reached the recording WhatsApp.</summary>
/// <param name="Message">What was sent.</param>
/// <param name="At">When, since the test's <see cref="EventClock"/> started.</param>
/// <param name="Order">Position among every event of the test's <see cref="EventClock"/>.</param>
/// <param name="MessageId">The wamid it got.</param>
/// <param name="Silo">The silo that sent it.</param>
public sealed record RecordedSend(OutboundMessage Message, TimeSpan At, long Order, string MessageId, string Silo);

/// <summary>
/// The innermost WhatsApp transport of an in-process cluster: every silo's sender records each message with the silo that
/// sent it and answers "sent" after <see cref="Latency"/> (or hands it to another sender, e.g. the sandbox), unless a test
/// scripted another answer for that number. A silo marked dead reaches WhatsApp no more, as if its process were gone.
/// </summary>
public sealed class RecordingWhatsApp(EventClock clock, IWhatsAppSender? deliverTo = null)
{
    private readonly ConcurrentQueue<RecordedSend> _sends = new();
    private readonly ConcurrentQueue<OutboundMessage> _attempts = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<SendResult>> _scripts = new();
    private long _ids;

    /// <summary>How long WhatsApp takes to answer (recorded on arrival, answered after): a crash can fall in between.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Every message that was taken, oldest first.</summary>
    public IReadOnlyList<RecordedSend> Sends => [.. _sends];

    /// <summary>Silos whose process is considered dead: they reach WhatsApp no more.</summary>
    public ConcurrentDictionary<string, bool> Dead { get; } = new();

    /// <summary>The sender one silo uses: the same record, with the silo's name on each message.</summary>
    public IWhatsAppSender For(string silo) => new SiloSender(this, silo);

    /// <summary>The next sends to <paramref name="to"/> get these answers, in order, without reaching WhatsApp (a "sent" answer goes through as usual).</summary>
    public void Script(string to, params SendResult[] answers)
    {
        var queue = _scripts.GetOrAdd(to, _ => new ConcurrentQueue<SendResult>());
        foreach (var answer in answers)
        {
            queue.Enqueue(answer);
        }
    }

    /// <summary>How many times something was offered for <paramref name="to"/>, taken or not.</summary>
    public int AttemptsTo(string to) => _attempts.Count(m => m.To == to);

    /// <summary>How many messages of one campaign were taken.</summary>
    public int CountFor(string campaignId) => _sends.Count(s => s.Message.CampaignId == campaignId);

    /// <summary>The messages of one campaign.</summary>
    public IReadOnlyList<RecordedSend> SendsOf(string campaignId) => [.. _sends.Where(s => s.Message.CampaignId == campaignId)];

    /// <summary>Messages of one campaign per recipient (digits); a count above 1 is a duplicate.</summary>
    public Dictionary<string, int> PerRecipient(string campaignId) =>
        _sends.Where(s => s.Message.CampaignId == campaignId).GroupBy(s => s.Message.To).ToDictionary(g => g.Key, g => g.Count());

    private async Task<SendResult> SendAsync(OutboundMessage message, string silo, CancellationToken cancellationToken)
    {
        if (Dead.ContainsKey(silo))
        {
            throw new HttpRequestException($"Silo {silo} is dead.");
        }

        _attempts.Enqueue(message);
        if (_scripts.TryGetValue(message.To, out var queue) && queue.TryDequeue(out var answer) && answer.Outcome != SendOutcome.Sent)
        {
            return answer;
        }

        var order = clock.Next();
        var at = Stopwatch.GetElapsedTime(clock.Started);
        var result = deliverTo is null ? SendResult.Accepted($"wamid.test.{Interlocked.Increment(ref _ids)}") : await deliverTo.SendAsync(message, cancellationToken);
        _sends.Enqueue(new RecordedSend(message, at, order, result.MessageId ?? "", silo));
        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, cancellationToken);
        }

        return result;
    }

    private sealed class SiloSender(RecordingWhatsApp recorder, string silo) : IWhatsAppSender
    {
        public Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken = default) => recorder.SendAsync(message, silo, cancellationToken);
    }
}
