using Microsoft.Extensions.Logging;
using Vimercate.Abstractions;
using Vimercate.Privacy;
using Vimercate.Storage;
using Vimercate.Telemetry;

namespace Vimercate.Subscribers;

/// <summary>
/// Keeps a number in plain only while it is needed: a closed consent history goes to the <see cref="IConsentArchiveGrain"/>
/// under the number's keyed hash, a number that is not subscribed is forgotten <see cref="ForgetAfter"/> after its last
/// message, and the data protection officer's erasure clears it at once.
/// </summary>
/// <remarks>
/// <para>
/// What a number that is not subscribed still needs in plain is the memory of its recent messages: Meta redelivers for
/// up to seven days, and a redelivered wamid must be recognised and an older message must not override a newer consent
/// decision. <see cref="ForgetAfter"/> outlasts that window. The <see cref="ReminderName"/> reminder runs only while the
/// number is not subscribed and still held.
/// </para>
/// <para>
/// Archiving is idempotent (the archive merges records and keeps the latest closing), so a crash after the opt-out was
/// persisted and before the archive confirmed it is repaired by Meta's redelivery, which archives again. A number held
/// nowhere in plain reads the archive's last consent decision before its first message, so that an opt-in older than an
/// erasure cannot subscribe it again.
/// </para>
/// </remarks>
internal sealed partial class NumberRetention(
    IGrainBase grain,
    string number,
    IGrainFactory grains,
    IPersistentState<SubscriberState> state,
    ReplyOutbox outbox,
    Func<bool, Task> setMembership,
    NumberHasher hasher,
    string termsVersion,
    VimercateMetrics metrics,
    TimeProvider time,
    ILogger logger)
{
    /// <summary>The reminder that forgets a number that is not subscribed.</summary>
    public const string ReminderName = "forget-number";

    /// <summary>A number that is not subscribed is forgotten this long after its last message (Meta redelivers for up to 7 days).</summary>
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromDays(8);

    /// <summary>How often the reminder checks again while the number cannot be forgotten yet.</summary>
    public static readonly TimeSpan CheckPeriod = TimeSpan.FromDays(1);

    private IGrainReminder? _reminder;
    private bool _floorLoaded;

    private SubscriberState State => state.State;

    /// <summary>The archive of this number's consent history.</summary>
    public IConsentArchiveGrain Archive => grains.GetGrain<IConsentArchiveGrain>(hasher.Hash(number));

    /// <summary>For a number held nowhere in plain: takes the archive's last consent decision as the one to beat.</summary>
    public async Task LoadConsentFloorAsync()
    {
        if (_floorLoaded || state.RecordExists)
        {
            return;
        }

        _floorLoaded = true;
        if ((await Archive.GetAsync())?.ConsentDecidedAt is { } floor && (State.ConsentDecidedAt is null || floor > State.ConsentDecidedAt))
        {
            State.ConsentDecidedAt = floor;
        }
    }

    /// <summary>
    /// Once a change is persisted: archives the history when <paramref name="closed"/> (an opt-out, a number change, or the
    /// redelivery that repairs one), and makes sure a number that is not subscribed will be forgotten.
    /// </summary>
    public async Task SettleAsync(bool closed)
    {
        if (State.IsSubscribed || !state.RecordExists)
        {
            return;
        }

        if (closed && LastClosing() is { } closing)
        {
            await Archive.ArchiveAsync(new ConsentArchiveEntry(State.ConsentHistory.ToArray(), closing.RecordedAt, State.ConsentDecidedAt));
        }

        _reminder ??= await grain.RegisterOrUpdateReminder(ReminderName, ForgetAfter, CheckPeriod);
    }

    /// <summary>The reminder fired: forgets the number once nothing needs it in plain any more.</summary>
    public async Task OnReminderAsync()
    {
        if (State.IsSubscribed || !state.RecordExists)
        {
            await RetireReminderAsync();
            return;
        }

        var lastMessage = State.LastHandledAt ?? State.LastInboundAt;
        if (State.Outbox.Count > 0 || (lastMessage is { } last && time.GetUtcNow() - last < ForgetAfter))
        {
            return;
        }

        await setMembership(false);
        if (State.ConsentHistory.Count > 0)
        {
            var closedAt = LastClosing()?.RecordedAt ?? time.GetUtcNow();
            await Archive.ArchiveAsync(new ConsentArchiveEntry(State.ConsentHistory.ToArray(), closedAt, State.ConsentDecidedAt));
        }

        await ClearAsync();
        LogForgotten(logger, PhoneNumbers.Mask(number), ForgetAfter.TotalDays);
    }

    /// <summary>
    /// The erasure: out of the audience first, then no pending reply, the history with the erasure archived, the state cleared
    /// and the number's reminders unregistered (also those a crash left behind when no state is held any more).
    /// </summary>
    public async Task<ErasureOutcome> EraseAsync(string requestedBy)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requestedBy);
        await setMembership(false);
        if (!state.RecordExists)
        {
            // A crash between clearing the state and retiring its reminders leaves reminder rows keyed by the number.
            await outbox.RetireReminderAsync();
            await RetireReminderAsync();
            LogNothingHeld(logger, PhoneNumbers.Mask(number), requestedBy);
            return ErasureOutcome.NothingHeld;
        }

        var now = time.GetUtcNow();

        // The replies are dropped in memory only; whatever fails after, the request is repeated from what was stored.
        await grain.OrDropAsync(
            async () =>
            {
                outbox.DropAll();
                var erasure = new ConsentEvent(ConsentAction.Erased, now, now, string.Empty, null, termsVersion, requestedBy);
                var decided = State.ConsentDecidedAt is { } at && at > now ? at : now;
                await Archive.ArchiveAsync(new ConsentArchiveEntry([.. State.ConsentHistory, erasure], now, decided));
                await ClearAsync();
            },
            "erasure");

        metrics.ConsentChanged(ConsentAction.Erased);
        LogErased(logger, PhoneNumbers.Mask(number), requestedBy);
        return ErasureOutcome.Erased;
    }

    private ConsentEvent? LastClosing() => State.ConsentHistory.LastOrDefault(record => record.Action != ConsentAction.OptIn);

    private async Task ClearAsync()
    {
        await state.ClearOrDropAsync(grain);
        state.State = new SubscriberState();
        await outbox.RetireReminderAsync();
        await RetireReminderAsync();
        grain.DeactivateOnIdle();
    }

    private async Task RetireReminderAsync()
    {
        var reminder = _reminder ?? await grain.GetReminder(ReminderName);
        if (reminder is not null)
        {
            await grain.UnregisterReminder(reminder);
        }

        _reminder = null;
    }

    [LoggerMessage(EventId = 8010, Level = LogLevel.Information, Message = "Number {Number} forgotten {Days} days after its last message; its consent history stays archived under its keyed hash")]
    private static partial void LogForgotten(ILogger logger, string number, double days);

    [LoggerMessage(EventId = 8011, Level = LogLevel.Information, Message = "Number {Number} erased at the request of {ApiKeyName}; its consent history is archived under its keyed hash")]
    private static partial void LogErased(ILogger logger, string number, string apiKeyName);

    [LoggerMessage(EventId = 8012, Level = LogLevel.Information, Message = "Erasure of {Number} asked by {ApiKeyName}: nothing held in plain, nothing changed")]
    private static partial void LogNothingHeld(ILogger logger, string number, string apiKeyName);
}
