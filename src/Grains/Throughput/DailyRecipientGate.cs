using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vimercate.Abstractions;
using Vimercate.Broadcasts;
using Vimercate.Hosting;
using Vimercate.Messaging;

namespace Vimercate.Throughput;

/// <summary>The silo's side of the daily recipient limit: campaign messages ask whether their citizen may be reached now, many in one call (docs/design/limiter.md).</summary>
public sealed class DailyRecipientGate
{
    private readonly string _key;
    private readonly int? _limit;
    private readonly TimeSpan _wait;
    private readonly TimeProvider _time;
    private readonly CoalescingDispatcher<string, Question> _questions;

    /// <summary>Creates the gate for the configured business number.</summary>
    public DailyRecipientGate(IGrainFactory grains, IOptions<WhatsAppOptions> whatsApp, IOptions<ThroughputOptions> options, [FromKeyedServices(ThroughputServiceCollectionExtensions.Clock)] TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(whatsApp);
        ArgumentNullException.ThrowIfNull(options);
        _key = whatsApp.Value.PhoneNumberId ?? OutboundThrottle.SandboxKey;
        _limit = whatsApp.Value.DailyRecipientLimit;
        _wait = options.Value.TokenWait;
        _time = time;
        _questions = new CoalescingDispatcher<string, Question>((key, questions) => AskAsync(grains.GetGrain<IDailyRecipientsGrain>(key), questions));
    }

    /// <summary>True when a daily limit is configured.</summary>
    public bool Applies => _limit is not null;

    /// <summary>Null when the citizen may be reached; otherwise the unsent result to hand back, after a wait of at most <see cref="ThroughputOptions.TokenWait"/> so the owner does not spin.</summary>
    public async Task<SendResult?> AdmitAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var question = new Question(PhoneNumbers.ToKey(message.To.TrimStart('+')));

        // Off the caller's thread: a grain's turn must not carry the calls that serve other callers too.
        _ = Task.Run(() => _questions.EnqueueAsync(_key, [question]), CancellationToken.None);
        TimeSpan? refusedFor;
        try
        {
            refusedFor = await question.Answer.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return SendResult.NotSent("daily recipient limit not reachable", _wait);
        }

        if (refusedFor is not { } left)
        {
            return null;
        }

        var pause = left < _wait ? left : _wait;
        await Task.Delay(pause, _time, cancellationToken).ConfigureAwait(false);
        return SendResult.NotSent("daily recipient limit reached", left - pause);
    }

    private static async Task AskAsync(IDailyRecipientsGrain limit, IReadOnlyList<Question> questions)
    {
        try
        {
            var admission = await limit.AdmitAsync([.. questions.Select(q => q.Number)]).ConfigureAwait(false);
            for (var i = 0; i < questions.Count; i++)
            {
                questions[i].Answer.TrySetResult(admission.Admitted[i] ? null : admission.RetryAfter);
            }
        }
        catch (Exception exception)
        {
            foreach (var question in questions)
            {
                question.Answer.TrySetException(exception);
            }
        }
    }

    /// <summary>One number asked about, and where its answer goes (null: admitted; otherwise how long until a place frees).</summary>
    private sealed class Question(ulong number)
    {
        public ulong Number => number;

        public TaskCompletionSource<TimeSpan?> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
