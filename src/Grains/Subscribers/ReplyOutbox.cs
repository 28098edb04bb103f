using Microsoft.Extensions.Logging;
using Vimercate.Abstractions;
using Vimercate.Messaging;
using Vimercate.Storage;

namespace Vimercate.Subscribers;

/// <summary>Hands a subscriber's pending replies to WhatsApp, one at a time and in order, from its persistent state.</summary>
/// <remarks>
/// Sent, failed and halted replies leave the outbox (a failure is logged, never retried: WhatsApp will not take it).
/// "Retry later" keeps the reply at the head and tries again after a backoff, by grain timer while the activation
/// lives and by the <see cref="ReminderName"/> reminder after a restart; the reminder exists only while replies wait.
/// A reply still pending after <see cref="ReplyLifetime"/> is dropped: WhatsApp refuses free-form messages outside
/// the 24-hour window the citizen's message opened.
/// </remarks>
internal sealed partial class ReplyOutbox(
    Grain grain,
    IPersistentState<SubscriberState> state,
    CitizenReplies replies,
    IWhatsAppSender sender,
    TimeProvider time,
    ILogger logger)
{
    /// <summary>The reminder that revives the grain while replies are pending.</summary>
    public const string ReminderName = "flush-replies";

    /// <summary>How often the reminder fires.</summary>
    public static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

    /// <summary>A reply not handed over within this time is dropped.</summary>
    public static readonly TimeSpan ReplyLifetime = TimeSpan.FromHours(24);

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LongestRetryDelay = TimeSpan.FromMinutes(1);

    private IGrainTimer? _timer;
    private IGrainReminder? _reminder;
    private bool _flushScheduled;

    private List<PendingReply> Pending => state.State.Outbox;

    private string Number => grain.GetPrimaryKeyString();

    /// <summary>Adds a reply at the end of the outbox; the caller persists the state.</summary>
    public void Enqueue(ReplyKind kind, string inReplyTo, DateTimeOffset now) =>
        Pending.Add(new PendingReply(kind, replies.For(kind), inReplyTo, now));

    /// <summary>
    /// Once the outbox is persisted: makes sure a reminder guards it and that sending starts right after this turn,
    /// unless a retry is already scheduled (a new reply queues behind the one that waits, it does not hurry it).
    /// </summary>
    public async Task EnsureDeliveryAsync()
    {
        if (Pending.Count == 0)
        {
            return;
        }

        _reminder ??= await grain.RegisterOrUpdateReminder(ReminderName, ReminderPeriod, ReminderPeriod);
        FlushSoon();
    }

    /// <summary>Forgets every pending reply (the number was erased); the caller persists the state.</summary>
    public void DropAll() => Pending.Clear();

    /// <summary>Starts sending as soon as the grain is free, unless a send is already scheduled.</summary>
    public void FlushSoon()
    {
        if (!_flushScheduled)
        {
            Schedule(TimeSpan.Zero);
        }
    }

    /// <summary>The reminder fired: send unless a send is already scheduled, or retire the reminder when nothing waits.</summary>
    public async Task OnReminderAsync(string reminderName)
    {
        if (reminderName != ReminderName)
        {
            return;
        }

        if (Pending.Count == 0)
        {
            await RetireReminderAsync();
        }
        else
        {
            FlushSoon();
        }
    }

    private void Schedule(TimeSpan dueTime)
    {
        _flushScheduled = true;
        if (_timer is null)
        {
            _timer = grain.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions
            {
                DueTime = dueTime,
                Period = Timeout.InfiniteTimeSpan,
                Interleave = false,
                KeepAlive = false,
            });
        }
        else
        {
            _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        _flushScheduled = false;
        while (Pending.Count > 0)
        {
            var reply = Pending[0];
            if (time.GetUtcNow() - reply.QueuedAt >= ReplyLifetime)
            {
                Pending.RemoveAt(0);
                await state.WriteOrDropAsync(grain);
                LogReplyExpired(logger, reply.Kind, PhoneNumbers.Mask(Number), reply.Attempts);
                continue;
            }

            var result = await TrySendAsync(reply, cancellationToken);
            if (result is null)
            {
                return;
            }

            if (result is { Outcome: SendOutcome.RetryLater, Unsent: true })
            {
                // No request left (no send slot in time, WhatsApp unavailable): the reply keeps its place and its
                // attempts, and nothing changed that needs writing.
                var wait = result.RetryAfter ?? FirstRetryDelay;
                LogReplyDeferred(logger, reply.Kind, PhoneNumbers.Mask(Number), reply.Attempts, wait, result.ErrorCode, result.Error);
                Schedule(wait);
                return;
            }

            if (result.Outcome == SendOutcome.RetryLater)
            {
                var attempts = reply.Attempts + 1;
                Pending[0] = reply with { Attempts = attempts };
                await state.WriteOrDropAsync(grain);
                var delay = RetryDelay(attempts, result.RetryAfter);
                LogReplyDeferred(logger, reply.Kind, PhoneNumbers.Mask(Number), attempts, delay, result.ErrorCode, result.Error);
                Schedule(delay);
                return;
            }

            Pending.RemoveAt(0);
            await state.WriteOrDropAsync(grain);
            if (result.Outcome == SendOutcome.Sent)
            {
                LogReplySent(logger, reply.Kind, PhoneNumbers.Mask(Number), result.MessageId);
            }
            else
            {
                LogReplyDropped(logger, reply.Kind, PhoneNumbers.Mask(Number), result.Outcome, result.ErrorCode, result.Error);
            }
        }

        await RetireReminderAsync();
    }

    // Null when the activation is shutting down: the reply stays pending for the next activation.
    private async Task<SendResult?> TrySendAsync(PendingReply reply, CancellationToken cancellationToken)
    {
        try
        {
            return await sender.SendAsync(OutboundMessage.Reply(Number, reply.Text), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception exception)
        {
            LogSenderFailed(logger, exception, reply.Kind, PhoneNumbers.Mask(Number));
            return new SendResult(SendOutcome.RetryLater, Error: exception.GetType().Name);
        }
    }

    /// <summary>Unregisters the reminder unless replies wait.</summary>
    public async Task RetireReminderAsync()
    {
        if (Pending.Count > 0)
        {
            return;
        }

        var reminder = _reminder ?? await grain.GetReminder(ReminderName);
        if (reminder is not null)
        {
            await grain.UnregisterReminder(reminder);
        }

        _reminder = null;
    }

    private static TimeSpan RetryDelay(int attempts, TimeSpan? retryAfter)
    {
        var backoff = FirstRetryDelay * Math.Pow(2, Math.Min(attempts - 1, 10));
        var delay = backoff < LongestRetryDelay ? backoff : LongestRetryDelay;
        return retryAfter is { } asked && asked > delay ? asked : delay;
    }

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "Reply {Kind} to {Number} sent as {MessageId}")]
    private static partial void LogReplySent(ILogger logger, ReplyKind kind, string number, string? messageId);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "Reply {Kind} to {Number} dropped: {Outcome} (code {ErrorCode}: {Error})")]
    private static partial void LogReplyDropped(ILogger logger, ReplyKind kind, string number, SendOutcome outcome, int? errorCode, string? error);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Information, Message = "Reply {Kind} to {Number} deferred after attempt {Attempts}, next try in {Delay} (code {ErrorCode}: {Error})")]
    private static partial void LogReplyDeferred(ILogger logger, ReplyKind kind, string number, int attempts, TimeSpan delay, int? errorCode, string? error);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Warning, Message = "Reply {Kind} to {Number} expired unsent after {Attempts} attempts")]
    private static partial void LogReplyExpired(ILogger logger, ReplyKind kind, string number, int attempts);

    [LoggerMessage(EventId = 2014, Level = LogLevel.Warning, Message = "Sending reply {Kind} to {Number} threw; it will be retried")]
    private static partial void LogSenderFailed(ILogger logger, Exception exception, ReplyKind kind, string number);
}
