using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vimercate.Abstractions;
using Vimercate.Storage;

namespace Vimercate.Privacy;

/// <summary>One number's archived consent history, under its keyed hash; deleted once the retention has passed.</summary>
/// <remarks>
/// The deletion is driven by the <see cref="ReminderName"/> reminder, which lives exactly as long as the archive. An
/// Orleans reminder cannot be due more than about 49 days ahead, so it is set for the deadline or for
/// <see cref="LongestWait"/>, whichever is sooner, and set again on every tick until the deadline has passed. The
/// deadline is computed from the current <c>Privacy:ConsentRetentionDays</c>, so shortening the retention takes effect
/// on the next tick; a read after the deadline already finds nothing.
/// </remarks>
[GrainType("consentarchive")]
public sealed partial class ConsentArchiveGrain(
    [PersistentState("consentarchive")] IPersistentState<ConsentArchiveState> state,
    IOptionsMonitor<PrivacyOptions> options,
    NumberHasher hasher,
    TimeProvider time,
    ILogger<ConsentArchiveGrain> logger) : Grain, IConsentArchiveGrain, IRemindable
{
    /// <summary>The reminder that deletes the archive after the retention.</summary>
    public const string ReminderName = "consent-retention";

    /// <summary>The longest the reminder waits between two checks of the deadline.</summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromDays(28);

    private static readonly TimeSpan ShortestWait = TimeSpan.FromMinutes(1);

    private bool _deletionScheduled;

    private ConsentArchiveState State => state.State;

    private DateTimeOffset? DeleteAt => State.ClosedAt + options.CurrentValue.ConsentRetention;

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Archives written before message ids were hashed hold Meta's wamids, which hold the number: hash them now.
        if (PlainMessageIds.Hash(State.History, hasher))
        {
            await state.WriteOrDropAsync(this, cancellationToken);
        }
    }

    /// <inheritdoc />
    public async Task ArchiveAsync(ConsentArchiveEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await DeleteIfExpiredAsync();
        var changed = false;
        foreach (var record in entry.History.Where(record => !State.History.Contains(record)))
        {
            State.History.Add(record);
            changed = true;
        }

        if (State.ClosedAt is null || entry.ClosedAt > State.ClosedAt)
        {
            State.ClosedAt = entry.ClosedAt;
            changed = true;
        }

        if (entry.ConsentDecidedAt is { } decided && (State.ConsentDecidedAt is null || decided > State.ConsentDecidedAt))
        {
            State.ConsentDecidedAt = decided;
            changed = true;
        }

        if (changed)
        {
            State.History = [.. State.History.OrderBy(record => record.RecordedAt)];
            await state.WriteOrDropAsync(this);
            LogArchived(logger, State.History.Count, DeleteAt!.Value);
        }

        // A repeated entry changes nothing, but the reminder may have been lost with the activation that wrote it.
        if (changed || !_deletionScheduled)
        {
            await ScheduleDeletionAsync();
        }
    }

    /// <inheritdoc />
    public async Task<ArchivedConsent?> GetAsync()
    {
        await DeleteIfExpiredAsync();
        return State.ClosedAt is { } closedAt
            ? new ArchivedConsent(State.History.ToArray(), closedAt, DeleteAt!.Value, State.ConsentDecidedAt)
            : null;
    }

    /// <inheritdoc />
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ReminderName)
        {
            return;
        }

        if (State.ClosedAt is null)
        {
            await RetireReminderAsync();
        }
        else if (!await DeleteIfExpiredAsync())
        {
            await ScheduleDeletionAsync();
        }
    }

    // True when the archive was deleted now; the reminder goes with it.
    private async Task<bool> DeleteIfExpiredAsync()
    {
        if (State.ClosedAt is null || time.GetUtcNow() < DeleteAt)
        {
            return false;
        }

        var records = State.History.Count;
        await state.ClearOrDropAsync(this);
        state.State = new ConsentArchiveState();
        await RetireReminderAsync();
        DeactivateOnIdle();
        LogDeleted(logger, records, options.CurrentValue.ConsentRetentionDays);
        return true;
    }

    private async Task ScheduleDeletionAsync()
    {
        var wait = DeleteAt!.Value - time.GetUtcNow();
        wait = wait < ShortestWait ? ShortestWait : wait > LongestWait ? LongestWait : wait;
        await this.RegisterOrUpdateReminder(ReminderName, wait, LongestWait);
        _deletionScheduled = true;
    }

    private async Task RetireReminderAsync()
    {
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        _deletionScheduled = false;
    }

    [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "Consent history archived under its keyed hash: {Records} records, kept until {DeleteAt:O}")]
    private static partial void LogArchived(ILogger logger, int records, DateTimeOffset deleteAt);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Information, Message = "Archived consent history deleted after the retention of {Days} days ({Records} records)")]
    private static partial void LogDeleted(ILogger logger, int records, int days);
}
