using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;
using Orleans.Storage;
using Vimercate.Abstractions;
using Vimercate.Messaging;
using Vimercate.Throughput;

namespace Vimercate.Broadcasts;

/// <summary>
/// One campaign's part in one audience shard (key: "{campaignId}/{shard}"). A non-interleaving grain timer sends one
/// batch per tick: it asks the audience shard for the members after the cursor (so a number that opted out before
/// the walk reaches it is not there, and one added ahead of the cursor is), reports to the campaign and gets leave to
/// go on, takes tokens from the limiter, sends, and only then records the batch's recipients and statuses (the last of
/// them is the new cursor) in one write of the shard's <see cref="CampaignShardLog"/>. Statuses from webhooks are
/// applied in memory and written to the same log before the call returns (so the webhook's 200 follows the write).
/// The log is short: when it would overflow, the ledger is written whole and the log emptied; on activation the log
/// is replayed over the ledger.
/// Under a crash: a batch sent but not logged is sent again by the next activation, which resumes from the written
/// cursor (at most one batch twice, nobody skipped); a report is cumulative, so a lost or repeated one changes
/// nothing, and every kick is answered with one (the campaign kicks all its shards when it lost reports in a crash);
/// the campaign's reminder kicks a shard whose activation died, and any call re-activates it and resumes.
/// Shards are placed at random so a campaign's sending spreads over every silo rather than the campaign's own.
/// </summary>
[RandomPlacement]
[GrainType("campaignshard")]
public sealed partial class CampaignShardGrain(
    [PersistentState("campaign-shard")] IPersistentState<CampaignShardState> state,
    [PersistentState("campaign-shard-log")] IPersistentState<CampaignShardLog> shardLog,
    IWhatsAppSender sender,
    IOptions<BroadcastOptions> options,
    TimeProvider time,
    ILogger<CampaignShardGrain> logger) : Grain, ICampaignShardGrain
{
    // Entries logged before the ledger is written with them: a batch or a status costs a small write at any audience size.
    private const int LogCapacity = 256;

    // Pending recipients the walk already reached: when to try again and how often it was tried in this activation.
    private readonly Dictionary<ulong, (DateTimeOffset Due, int Attempts)> _retries = [];
    private IGrainTimer? _timer;

    // Resolved once: a reference costs a type lookup each time it is made, and a campaign makes them per batch.
    private IAudienceShardGrain? _audience;
    private IBroadcastProgress? _campaign;
    private CampaignCounts? _reported;
    private int _reportsSinceWrite;

    private RecipientLedger Ledger => new(state.State);

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var log = shardLog.State;
        for (var i = 0; i < log.Numbers.Count; i++)
        {
            Ledger.Replay(log.Numbers[i], (RecipientStatus)log.Statuses[i]);
        }

        // The walk moves the cursor only to the last recipient a batch reached, and those are logged: the largest number
        // in the log is where the walk stood when the log was last written, if it went beyond the ledger's cursor.
        if (log.Numbers.Count > 0)
        {
            state.State.Cursor = Math.Max(state.State.Cursor, log.Numbers.Max());
        }

        // Reports of this activation must order after every report of the one before, which may have written the log.
        state.State.Version = Math.Max(state.State.Version, log.Version) + 1;
        var now = time.GetUtcNow();
        foreach (var number in Ledger.Pending())
        {
            _retries[number] = (now, 0);
        }

        if (state.State is { Assignment: not null, Stopped: false, Finished: false })
        {
            StartTimer();
        }

        return base.OnActivateAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task KickAsync(ShardAssignment assignment)
    {
        if (state.State.Assignment is null)
        {
            state.State.Assignment = assignment;
            await WriteAsync();
        }

        // A timer this kick starts reports on its first tick (with leave to send, or as this activation's first
        // report), so only a shard that was running or is done answers at once: a campaign's start is not held up by
        // 64 reports, and a campaign that lost reports still hears from every shard.
        var starting = !state.State.Finished && !state.State.Stopped && _timer is null;
        if (starting)
        {
            StartTimer();
        }
        else
        {
            await ReportAsync(willSend: false, haltReason: null);
        }
    }

    /// <inheritdoc />
    public async Task StopAsync()
    {
        StopTimer();
        if (!state.State.Stopped && !state.State.Finished)
        {
            state.State.Stopped = true;
            await WriteAsync();
        }
    }

    /// <inheritdoc />
    public async Task ApplyStatusesAsync(IReadOnlyList<RecipientStatusUpdate> updates)
    {
        ArgumentNullException.ThrowIfNull(updates);
        var ledger = Ledger;
        var moved = new List<(ulong, RecipientStatus)>();
        foreach (var update in updates)
        {
            if (ledger.TryAdvance(update.Number, update.Status))
            {
                moved.Add((update.Number, update.Status));
            }

            if (ledger.StatusOf(update.Number) is not RecipientStatus.Pending)
            {
                _retries.Remove(update.Number);
            }
        }

        if (moved.Count > 0)
        {
            await LogAsync(moved);
        }

        if (state.State.Assignment is not null && Counts() != _reported)
        {
            await ReportAsync(willSend: false, haltReason: null);
        }
    }

    /// <inheritdoc />
    public Task<CampaignShardView> GetAsync() =>
        Task.FromResult(new CampaignShardView(Counts(), Ledger.Count, state.State.Finished, state.State.Stopped));

    /// <inheritdoc />
    public Task<RecipientStatus?> StatusOfAsync(ulong number) => Task.FromResult(Ledger.StatusOf(number));

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        var shard = state.State;
        if (shard.Assignment is not { } assignment || shard.Stopped || shard.Finished)
        {
            StopTimer();
            return;
        }

        var (batch, reached) = await NextBatchAsync(assignment);
        if (batch.Length == 0)
        {
            if (shard.WalkDone && _retries.Count == 0)
            {
                shard.Finished = true;
                await WriteAsync();
                StopTimer();
                LogFinished(logger, assignment.CampaignId, assignment.Shard, Ledger.Count);
                await ReportAsync(willSend: false, haltReason: null);
            }
            else if (Counts() != _reported)
            {
                await ReportAsync(willSend: false, haltReason: null);
            }

            return;
        }

        if (await ReportAsync(willSend: true, haltReason: null) == ShardDirective.Stop)
        {
            await StopAsync();
            return;
        }

        var results = await SendAsync(assignment, batch, cancellationToken);
        var (recorded, halt) = Record(batch, results, reached);
        if (halt is not null)
        {
            shard.Stopped = true;
            StopTimer();
            await WriteAsync();
        }
        else
        {
            await LogAsync(recorded);
        }

        if (halt is not null)
        {
            LogHalted(logger, assignment.CampaignId, assignment.Shard, halt);
            await ReportAsync(willSend: false, haltReason: halt);
        }
    }

    // Due retries first (re-checked against the audience: who left since gets nothing), else the walk's next members.
    private async Task<(ulong[] Batch, bool Reached)> NextBatchAsync(ShardAssignment assignment)
    {
        var audience = _audience ??= GrainFactory.GetGrain<IAudienceShardGrain>(assignment.Shard);
        var now = time.GetUtcNow();
        var due = _retries.Where(r => r.Value.Due <= now).Select(r => r.Key).Order().Take(options.Value.BatchSize).ToArray();
        if (due.Length > 0)
        {
            var left = new HashSet<ulong>();
            foreach (var number in due)
            {
                if (!await audience.ContainsAsync(number))
                {
                    left.Add(number);
                    _retries.Remove(number);
                }
            }

            if (left.Count > 0)
            {
                Ledger.Remove(left);
                await WriteAsync();
            }

            return (due.Where(n => !left.Contains(n)).ToArray(), true);
        }

        if (state.State.WalkDone)
        {
            return ([], false);
        }

        var members = await audience.GetMembersAfterAsync(state.State.Cursor, options.Value.BatchSize);
        if (members.Length == 0)
        {
            state.State.WalkDone = true;
            await WriteAsync();
        }

        return (members, false);
    }

    // Sends the whole batch at once: each message waits in the silo for a slot of the limiter. Messages after the last
    // one that left the service keep their place for the next tick (an unsent one before it is retried like any other).
    private async Task<SendResult?[]> SendAsync(ShardAssignment assignment, ulong[] batch, CancellationToken cancellationToken)
    {
        var results = new SendResult?[batch.Length];
        await Task.WhenAll(batch.Select((_, index) => SendOneAsync(assignment, batch, index, results, cancellationToken)));
        var last = Array.FindLastIndex(results, r => r is { Unsent: false });
        Array.Fill(results, null, last + 1, results.Length - last - 1);

        return results;
    }

    private async Task SendOneAsync(ShardAssignment assignment, ulong[] batch, int index, SendResult?[] results, CancellationToken cancellationToken)
    {
        try
        {
            results[index] = await sender.SendAsync(assignment.Message.To(batch[index], assignment.Priority), cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or TimeoutException or OperationCanceledException)
        {
            LogSendError(logger, assignment.CampaignId, PhoneNumbers.Mask(batch[index]), exception.Message);
            results[index] = new SendResult(SendOutcome.RetryLater, Error: exception.Message);
        }
    }

    // Applies the batch's outcomes to the ledger and the cursor; returns the entries to log, and why WhatsApp halted
    // the account, if it did.
    private (List<(ulong, RecipientStatus)> Recorded, string? Halt) Record(ulong[] batch, SendResult?[] results, bool reached)
    {
        var recorded = new List<(ulong, RecipientStatus)>(batch.Length);
        var now = time.GetUtcNow();
        var settings = options.Value;
        var attempted = Array.FindIndex(results, r => r is null) is var gap and >= 0 ? gap : results.Length;
        string? halt = null;
        var statuses = new RecipientStatus[attempted];
        for (var i = 0; i < attempted; i++)
        {
            var result = results[i]!;
            var attempts = (_retries.TryGetValue(batch[i], out var retry) ? retry.Attempts : 0) + 1;
            statuses[i] = result.Outcome switch
            {
                SendOutcome.Sent => RecipientStatus.Sent,
                SendOutcome.Failed => RecipientStatus.Failed,
                SendOutcome.RetryLater when attempts >= settings.MaxSendAttempts => RecipientStatus.Failed,
                _ => RecipientStatus.Pending,
            };
            if (result.Outcome == SendOutcome.Halted)
            {
                halt ??= result.Error ?? $"WhatsApp error {result.ErrorCode}";
            }

            if (statuses[i] == RecipientStatus.Pending)
            {
                _retries[batch[i]] = (now + (result.RetryAfter ?? settings.RetryDelay), attempts);
            }
            else
            {
                _retries.Remove(batch[i]);
            }
        }

        if (reached)
        {
            for (var i = 0; i < attempted; i++)
            {
                if (Ledger.TryAdvance(batch[i], statuses[i]))
                {
                    recorded.Add((batch[i], statuses[i]));
                }
            }
        }
        else if (attempted > 0)
        {
            Ledger.Append(batch[..attempted], statuses);
            state.State.Cursor = batch[attempted - 1];
            for (var i = 0; i < attempted; i++)
            {
                recorded.Add((batch[i], statuses[i]));
            }
        }

        return (recorded, halt);
    }

    private CampaignCounts Counts()
    {
        var shard = state.State;
        var notReached = shard.WalkDone || shard.Assignment is null ? 0 : Math.Max(0, shard.Assignment.ExpectedAudience - shard.Recipients.Count);
        return Ledger.Counts(notReached);
    }

    private async Task<ShardDirective> ReportAsync(bool willSend, string? haltReason)
    {
        var shard = state.State;
        var assignment = shard.Assignment!;
        var counts = Counts();
        var sequence = (shard.Version << 20) + ++_reportsSinceWrite;
        var report = new ShardReport(assignment.Shard, sequence, counts, willSend, shard.Finished, haltReason);
        var campaign = _campaign ??= GrainFactory.GetGrain<IBroadcastProgress>(assignment.CampaignId);
        var directive = await campaign.ReportAsync(report);
        _reported = counts;
        return directive;
    }

    // Appends to the log (the ledger in memory holds the entries already); one that would overflow it writes the
    // ledger instead, which empties the log.
    private async Task LogAsync(List<(ulong Number, RecipientStatus Status)> entries)
    {
        var log = shardLog.State;
        if (log.Numbers.Count + entries.Count > LogCapacity)
        {
            await WriteAsync();
            return;
        }

        foreach (var (number, status) in entries)
        {
            log.Numbers.Add(number);
            log.Statuses.Add((byte)status);
        }

        log.Version = ++state.State.Version;
        _reportsSinceWrite = 0;
        await GuardAsync(shardLog.WriteStateAsync());
    }

    // A write refused for a stale ETag means another activation took over (a silo declared dead came back):
    // this one steps aside, and the next kick resumes from what the other one wrote.
    private async Task WriteAsync()
    {
        state.State.Version++;
        _reportsSinceWrite = 0;
        await GuardAsync(state.WriteStateAsync());
        if (shardLog.State.Numbers.Count > 0)
        {
            shardLog.State.Numbers.Clear();
            shardLog.State.Statuses.Clear();
            shardLog.State.Version = state.State.Version;
            await GuardAsync(shardLog.WriteStateAsync());
        }
    }

    private async Task GuardAsync(Task write)
    {
        try
        {
            await write;
        }
        catch (InconsistentStateException)
        {
            StopTimer();
            this.DeactivateOnIdle();
            throw;
        }
    }

    private void StartTimer() =>
        _timer ??= this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(TimeSpan.Zero, options.Value.BatchInterval) { Interleave = false, KeepAlive = true });

    private void StopTimer()
    {
        _timer?.Dispose();
        _timer = null;
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Campaign {CampaignId}, shard {Shard}: finished, {Recipients} recipients reached")]
    private static partial void LogFinished(ILogger logger, string campaignId, int shard, int recipients);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Error, Message = "Campaign {CampaignId}, shard {Shard}: WhatsApp halted the account ({Reason}); the shard stops")]
    private static partial void LogHalted(ILogger logger, string campaignId, int shard, string reason);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "Campaign {CampaignId}: sending to {Number} failed ({Error}); it will be retried")]
    private static partial void LogSendError(ILogger logger, string campaignId, string number, string error);
}
