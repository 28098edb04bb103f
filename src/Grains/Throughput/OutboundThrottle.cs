using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vimercate.Hosting;
using Vimercate.Messaging;

namespace Vimercate.Throughput;

/// <summary>The silo's side of the limiter: messages wait here for a slot, one pump per priority leases slots and starts them at once (docs/design/limiter.md).</summary>
public sealed partial class OutboundThrottle
{
    /// <summary>The limiter key used when no phone number id is configured (Sandbox mode).</summary>
    public const string SandboxKey = "sandbox";

    // How long a pump waits after a failed lease call (the limiter's grain is moving to another silo), and how often
    // it looks again while the silo has as many requests in flight as it may.
    private static readonly TimeSpan LeaseFailurePause = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan InFlightPoll = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan ReportDelay = TimeSpan.FromMilliseconds(20);

    private readonly IGrainFactory _grains;
    private readonly string _key;
    private readonly ThroughputOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<OutboundThrottle> _logger;
    private readonly Pump[] _pumps;
    private readonly Lock _tallyGate = new();
    private SendTally _tally = SendTally.None;
    private bool _reporting;
    private int _inFlight;
    private StrongBox<DateTimeOffset?> _unavailableSince = new(null);

    /// <summary>Creates the silo's throttle for the configured business number.</summary>
    public OutboundThrottle(IGrainFactory grains, IOptions<WhatsAppOptions> whatsApp, IOptions<ThroughputOptions> options, [FromKeyedServices(ThroughputServiceCollectionExtensions.Clock)] TimeProvider time, ILogger<OutboundThrottle> logger)
    {
        ArgumentNullException.ThrowIfNull(whatsApp);
        ArgumentNullException.ThrowIfNull(options);
        _grains = grains;
        _key = whatsApp.Value.PhoneNumberId ?? SandboxKey;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _pumps = [.. Enum.GetValues<SendPriority>().Order().Select(p => new Pump(this, p))];
    }

    /// <summary>When WhatsApp stopped answering, as the limiter last told this silo; null while it answers.</summary>
    public DateTimeOffset? UnavailableSince => Volatile.Read(ref _unavailableSince).Value;

    /// <summary>Requests this silo has in flight.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    private IThroughputGrain Grain => _grains.GetGrain<IThroughputGrain>(_key);

    /// <summary>
    /// Waits up to <see cref="ThroughputOptions.TokenWait"/> for a slot, then calls <paramref name="send"/> at once and
    /// tells the limiter what came of it. Without a slot in time the message comes back unsent (<see cref="SendResult.NotSent"/>).
    /// </summary>
    public Task<SendResult> SendAsync(SendPriority priority, Func<Task<SendResult>> send, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(send);
        cancellationToken.ThrowIfCancellationRequested();
        var waiter = new Waiter(send, _time.GetUtcNow() + _options.TokenWait, ExecutionContext.Capture());
        if (cancellationToken.CanBeCanceled)
        {
            waiter.Registration = cancellationToken.Register(static w => ((Waiter)w!).Cancel(), waiter);
        }

        _pumps[(int)priority].Enqueue(waiter);
        return waiter.Result.Task;
    }

    // The hint for a message that found no slot: short when the budget was just busy, growing with an outage's age.
    private TimeSpan RetryHint(DateTimeOffset now)
    {
        var hint = UnavailableSince is { } since
            ? TimeSpan.FromTicks(Math.Clamp((now - since).Ticks, _options.FirstProbeInterval.Ticks, _options.LongestRetryHint.Ticks))
            : _options.TokenWait;
        return hint * (0.5 + (Random.Shared.NextDouble() / 2));
    }

    private void Start(Waiter waiter, bool probe)
    {
        Interlocked.Increment(ref _inFlight);
        Task<SendResult> sending;
        try
        {
            sending = waiter.Run();
        }
        catch (Exception exception)
        {
            sending = Task.FromException<SendResult>(exception);
        }

        _ = FinishAsync(waiter, sending, probe);
    }

    private async Task FinishAsync(Waiter waiter, Task<SendResult> sending, bool probe)
    {
        try
        {
            var result = await sending.ConfigureAwait(false);
            Interlocked.Decrement(ref _inFlight);
            Count(result, probe);
            waiter.Result.TrySetResult(result);
        }
        catch (Exception exception)
        {
            Interlocked.Decrement(ref _inFlight);
            waiter.Result.TrySetException(exception);
        }
        finally
        {
            waiter.Registration.Dispose();
        }
    }

    private void Count(SendResult result, bool probe)
    {
        var unanswered = GraphErrors.IsUnanswered(result);
        var throttled = GraphErrors.IsThrottled(result) ? 1 : 0;
        lock (_tallyGate)
        {
            var t = _tally;
            _tally = probe
                ? t with { ProbesAnswered = t.ProbesAnswered + (unanswered ? 0 : 1), ProbesUnanswered = t.ProbesUnanswered + (unanswered ? 1 : 0), Throttled = t.Throttled + throttled }
                : t with { Answered = t.Answered + (unanswered ? 0 : 1), Unanswered = t.Unanswered + (unanswered ? 1 : 0), Throttled = t.Throttled + throttled };
            if (_reporting)
            {
                return;
            }

            _reporting = true;
        }

        _ = Task.Run(ReportAsync);
    }

    private SendTally TakeTally()
    {
        lock (_tallyGate)
        {
            var taken = _tally;
            _tally = SendTally.None;
            return taken;
        }
    }

    // A lease that failed to reach the limiter must not lose what it carried.
    private void ReturnTally(SendTally tally)
    {
        lock (_tallyGate)
        {
            var t = _tally;
            _tally = new SendTally(
                t.Answered + tally.Answered,
                t.Unanswered + tally.Unanswered,
                t.Throttled + tally.Throttled,
                t.ProbesAnswered + tally.ProbesAnswered,
                t.ProbesUnanswered + tally.ProbesUnanswered);
        }
    }

    // Outcomes ride on the next lease; when no pump leases within a moment, they are reported on their own.
    private async Task ReportAsync()
    {
        while (true)
        {
            await Task.Delay(ReportDelay, _time).ConfigureAwait(false);
            var tally = TakeTally();
            if (tally.IsEmpty)
            {
                lock (_tallyGate)
                {
                    if (_tally.IsEmpty)
                    {
                        _reporting = false;
                        return;
                    }
                }

                continue;
            }

            try
            {
                await Grain.ReportAsync(tally).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                ReturnTally(tally);
                LogLeaseFailed(_logger, exception);
                await Task.Delay(LeaseFailurePause, _time).ConfigureAwait(false);
            }
        }
    }

    private void Seen(TokenLease lease)
    {
        if (UnavailableSince != lease.UnavailableSince)
        {
            Volatile.Write(ref _unavailableSince, new StrongBox<DateTimeOffset?>(lease.UnavailableSince));
        }
    }

    [LoggerMessage(EventId = 6010, Level = LogLevel.Warning, Message = "The send limiter could not be reached; the silo's waiting messages keep waiting")]
    private static partial void LogLeaseFailed(ILogger logger, Exception exception);

    /// <summary>A message waiting for a slot: what starts it, and where its result goes.</summary>
    private sealed class Waiter(Func<Task<SendResult>> send, DateTimeOffset deadline, ExecutionContext? context)
    {
        public TaskCompletionSource<SendResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public DateTimeOffset Deadline => deadline;

        public CancellationTokenRegistration Registration { get; set; }

        // Cancelled by its caller before it got a slot.
        public bool Abandoned => Result.Task.IsCompleted;

        public void Cancel() => Result.TrySetCanceled();

        // Runs the send in the caller's execution context (its trace), on the pump's thread: no hop between the slot
        // check and the request.
        public Task<SendResult> Run()
        {
            if (context is null)
            {
                return send();
            }

            Task<SendResult>? started = null;
            ExecutionContext.Run(context, _ => started = send(), null);
            return started!;
        }
    }

    /// <summary>The silo's queue of one priority and the loop that leases slots for it while messages wait.</summary>
    private sealed class Pump(OutboundThrottle owner, SendPriority priority)
    {
        private readonly LinkedList<Waiter> _waiting = [];
        private bool _running;

        public void Enqueue(Waiter waiter)
        {
            lock (_waiting)
            {
                _waiting.AddLast(waiter);
                if (_running)
                {
                    return;
                }

                _running = true;
            }

            // Off the caller's thread: a grain's turn must not carry the pump's grain calls.
            _ = Task.Run(RunAsync);
        }

        private async Task RunAsync()
        {
            var time = owner._time;
            while (true)
            {
                var now = time.GetUtcNow();
                var (wanted, earliest) = Prepare(now);
                if (earliest is null)
                {
                    return;
                }

                if (wanted == 0)
                {
                    await PauseAsync(InFlightPoll, earliest.Value).ConfigureAwait(false);
                    continue;
                }

                var tally = owner.TakeTally();
                var asked = time.GetUtcNow();
                TokenLease lease;
                try
                {
                    lease = await owner.Grain.LeaseAsync(new LeaseRequest(priority, wanted, tally)).ConfigureAwait(false);
                }
                catch (Exception exception)
                {
                    owner.ReturnTally(tally);
                    LogLeaseFailed(owner._logger, exception);
                    await PauseAsync(LeaseFailurePause, earliest.Value).ConfigureAwait(false);
                    continue;
                }

                owner.Seen(lease);
                var started = StartGranted(lease, asked + lease.ValidFor);
                if (started < wanted)
                {
                    await PauseAsync(lease.RetryAfter, earliest.Value).ConfigureAwait(false);
                }
            }
        }

        // Drops what waited too long or was cancelled; returns how many slots to ask for and the earliest deadline
        // (null when nothing waits: the pump stops).
        private (int Wanted, DateTimeOffset? Earliest) Prepare(DateTimeOffset now)
        {
            List<Waiter>? expired = null;
            int wanted;
            DateTimeOffset? earliest;
            lock (_waiting)
            {
                while (_waiting.First is { } first && (first.Value.Abandoned || first.Value.Deadline <= now))
                {
                    _waiting.RemoveFirst();
                    if (!first.Value.Abandoned)
                    {
                        (expired ??= []).Add(first.Value);
                    }
                }

                if (_waiting.First is null)
                {
                    _running = false;
                    earliest = null;
                    wanted = 0;
                }
                else
                {
                    earliest = _waiting.First.Value.Deadline;
                    wanted = Math.Min(_waiting.Count, owner._options.MaxInFlightPerSilo - owner.InFlight);
                }
            }

            if (expired is not null)
            {
                var why = owner.UnavailableSince is null ? "no send budget in time" : "WhatsApp unavailable";
                foreach (var waiter in expired)
                {
                    waiter.Result.TrySetResult(SendResult.NotSent(why, owner.RetryHint(now)));
                    waiter.Registration.Dispose();
                }
            }

            return (Math.Max(wanted, 0), earliest);
        }

        // Starts one waiting message per granted slot, in order, while the lease is valid; unused slots are dropped.
        private int StartGranted(TokenLease lease, DateTimeOffset validUntil)
        {
            var started = 0;
            while (started < lease.Granted)
            {
                Waiter? next;
                lock (_waiting)
                {
                    while (_waiting.First is { Value.Abandoned: true })
                    {
                        _waiting.RemoveFirst();
                    }

                    next = _waiting.First?.Value;
                    if (next is null)
                    {
                        break;
                    }

                    if (owner._time.GetUtcNow() > validUntil)
                    {
                        break;
                    }

                    _waiting.RemoveFirst();
                }

                owner.Start(next, lease.Probe && started == 0);
                started++;
            }

            return started;
        }

        private Task PauseAsync(TimeSpan wait, DateTimeOffset earliest)
        {
            var untilDeadline = earliest - owner._time.GetUtcNow();
            var pause = wait < untilDeadline ? wait : untilDeadline;
            return pause > TimeSpan.Zero ? Task.Delay(pause, owner._time) : Task.CompletedTask;
        }
    }
}
