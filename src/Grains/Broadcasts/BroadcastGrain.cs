using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vimercate.Abstractions;
using Vimercate.Hosting;
using Vimercate.Throughput;

namespace Vimercate.Broadcasts;

/// <summary>
/// One campaign (key: campaign id): its lifecycle, schedule and the totals its shards report.
/// Create writes the campaign, then registers its reminder (due at <c>scheduledAt</c>, or one period from now when it
/// starts at once), then lists it in the index; a retried create finishes whatever a crash left out. Starting writes
/// <see cref="CampaignStatus.Sending"/> with every shard's size before kicking the shards, so the reminder, which
/// survives silos, finds a started campaign and kicks its silent shards again until every shard has reported finished.
/// Shards are kicked by direct one-way calls rather than the stream ARCHITECTURE suggests: a kick is idempotent and
/// the shard keeps its assignment in its own state, so a lost kick is repaired by the next one; a stream would add a
/// provider and its pub-sub state without adding a guarantee. A shard sends nothing without a
/// <see cref="ShardDirective.Continue"/>, and the first one is answered only after the campaign wrote that messages may
/// have left: so a cancel before that gives the quota slot back (written first, released after, finished on the next
/// activation when a crash falls between). Every change of status is written before it is answered.
/// Shard reports are cumulative and the shards keep the truth, so the totals are written at most once per
/// <see cref="BroadcastOptions.ProgressCheckpoint"/> rather than on every report: the first report after a quiet spell
/// is written at once with <see cref="BroadcastState.ProgressUnsaved"/> set, later ones with the next checkpoint, and
/// a checkpoint with nothing new clears the flag. An activation that finds the flag set (a crash lost some reports)
/// kicks every shard, and each answers a kick with a fresh report; the flag is cleared once all have answered.
/// </summary>
[GrainType("broadcast")]
public sealed partial class BroadcastGrain(
    [PersistentState("broadcast")] IPersistentState<BroadcastState> state,
    IOptions<WhatsAppOptions> whatsApp,
    IOptions<ServiceOptions> service,
    IOptions<AudienceOptions> audience,
    IOptions<ThroughputOptions> throughput,
    IOptions<BroadcastOptions> options,
    TimeProvider time,
    ILogger<BroadcastGrain> logger) : Grain, IBroadcastGrain, IBroadcastProgress, IRemindable
{
    private const string ReminderName = "campaign";

    // A reminder may tick a moment before its due time; waiting a whole period for that moment would be worse.
    private static readonly TimeSpan ScheduleTolerance = TimeSpan.FromSeconds(1);
    private readonly Dictionary<int, DateTimeOffset> _lastHeard = [];
    private IGrainTimer? _watch;
    private IGrainTimer? _checkpoint;

    // Reports taken since the last write; shards that have not reported since this activation found totals unsaved.
    private bool _unsaved;
    private HashSet<int>? _awaitedShards;

    private string Id => this.GetPrimaryKeyString();

    private bool IsFinished => state.State.Status is CampaignStatus.Completed or CampaignStatus.Cancelled or CampaignStatus.Failed;

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.ReleasePending)
        {
            await ReleaseQuotaAsync();
        }

        if (state.State is { Draft: not null, Status: CampaignStatus.Sending })
        {
            StartWatch();
        }

        if (state.State.ProgressUnsaved)
        {
            _awaitedShards = [.. state.State.Shards.Keys];
            StartCheckpoints();
            await KickShardsAsync(silentOnly: false);
        }

        await base.OnActivateAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_unsaved || (state.State.ProgressUnsaved && _awaitedShards is not { Count: > 0 }))
        {
            state.State.ProgressUnsaved = _awaitedShards is { Count: > 0 };
            _unsaved = false;
            await state.WriteStateAsync(cancellationToken);
        }

        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    /// <inheritdoc />
    public Task<CampaignView> CreateAsync(CampaignDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(service.Value.TimeZone);
        return CreateInWeekAsync(draft, CampaignScheduler.WeekOf(draft, time.GetUtcNow(), zone).Key);
    }

    /// <inheritdoc />
    public async Task<CampaignView> CreateInWeekAsync(CampaignDraft draft, string quotaWeek)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (state.State.Draft is { } existing)
        {
            if (existing != draft)
            {
                throw new InvalidOperationException($"Campaign {Id} already exists with another draft.");
            }
        }
        else
        {
            var now = time.GetUtcNow();
            var sizes = await ShardSizesAsync();
            state.State.Draft = draft;
            state.State.CreatedAt = now;
            state.State.QuotaWeek = quotaWeek;
            state.State.Status = draft.ScheduledAt > now ? CampaignStatus.Scheduled : CampaignStatus.Queued;
            state.State.AudienceEstimate = sizes.Sum();
            state.State.EstimatedCompletionAt = Estimate(draft.ScheduledAt > now ? draft.ScheduledAt.Value : now, sizes.Sum());
            await WriteAsync();
            LogCreated(logger, Id, draft.Category, state.State.Status, draft.CreatedBy);
        }

        if (!IsFinished)
        {
            var dueTime = state.State.Status == CampaignStatus.Scheduled
                ? Max(TimeSpan.Zero, draft.ScheduledAt!.Value - time.GetUtcNow())
                : options.Value.ReminderPeriod;
            await this.RegisterOrUpdateReminder(ReminderName, dueTime, options.Value.ReminderPeriod);
        }

        await IndexAsync();
        if (state.State.Status == CampaignStatus.Queued)
        {
            await StartAsync();
        }

        return View();
    }

    /// <inheritdoc />
    public Task<CampaignView?> GetAsync() => Task.FromResult(state.State.Draft is null ? null : View());

    /// <inheritdoc />
    public async Task<CancelOutcome> CancelAsync(string cancelledBy)
    {
        if (state.State.Draft is null)
        {
            return CancelOutcome.NotFound;
        }

        if (IsFinished)
        {
            return CancelOutcome.AlreadyFinished;
        }

        var wasSending = state.State.Status == CampaignStatus.Sending;
        state.State.Status = CampaignStatus.Cancelled;
        state.State.CancelledBy = cancelledBy;
        state.State.ReleasePending = !state.State.MessagesMayHaveLeft;
        await WriteAsync();
        LogCancelled(logger, Id, cancelledBy, state.State.ReleasePending);
        if (state.State.ReleasePending)
        {
            await ReleaseQuotaAsync();
        }

        await EndAsync(stopShards: wasSending);
        return CancelOutcome.Cancelled;
    }

    /// <inheritdoc />
    public async Task<ShardDirective> ReportAsync(ShardReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (state.State.Draft is null || !state.State.Shards.TryGetValue(report.Shard, out var known))
        {
            return ShardDirective.Stop;
        }

        _lastHeard[report.Shard] = time.GetUtcNow();
        _awaitedShards?.Remove(report.Shard);
        if (report.Sequence >= known.Sequence)
        {
            state.State.Shards[report.Shard] = new ShardProgress(report.Sequence, report.Counts, report.Finished);
        }

        var wasSending = state.State.Status == CampaignStatus.Sending;
        var mustWrite = false;
        if (wasSending && report.HaltReason is { } reason)
        {
            state.State.Status = CampaignStatus.Failed;
            state.State.FailureReason = reason;
            mustWrite = true;
            LogFailed(logger, Id, reason);
        }
        else if (wasSending && state.State.Shards.Values.All(s => s.Finished))
        {
            state.State.Status = CampaignStatus.Completed;
            state.State.CompletedAt = time.GetUtcNow();
            mustWrite = true;
            LogCompleted(logger, Id);
        }
        else if (wasSending && report.WillSend && !state.State.MessagesMayHaveLeft)
        {
            state.State.MessagesMayHaveLeft = true;
            mustWrite = true;
        }

        if (mustWrite || !state.State.ProgressUnsaved)
        {
            state.State.ProgressUnsaved = true;
            await WriteAsync();
            StartCheckpoints();
        }
        else
        {
            _unsaved = true;
        }

        if (wasSending && IsFinished)
        {
            await EndAsync(stopShards: state.State.Status == CampaignStatus.Failed);
        }

        return state.State.Status == CampaignStatus.Sending ? ShardDirective.Continue : ShardDirective.Stop;
    }

    /// <inheritdoc />
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.Draft is null || IsFinished)
        {
            await UnregisterReminderAsync();
        }
        else if (state.State.Status == CampaignStatus.Scheduled && time.GetUtcNow() + ScheduleTolerance >= state.State.Draft.ScheduledAt)
        {
            await StartAsync();
        }
        else if (state.State.Status == CampaignStatus.Queued)
        {
            await StartAsync();
        }
        else if (state.State.Status == CampaignStatus.Sending)
        {
            await KickShardsAsync(silentOnly: true);
        }
    }

    private async Task StartAsync()
    {
        var draft = state.State.Draft!;
        var sizes = await ShardSizesAsync();
        var now = time.GetUtcNow();
        state.State.Status = CampaignStatus.Sending;
        state.State.StartedAt = now;
        state.State.AudienceEstimate = sizes.Sum();
        state.State.EstimatedCompletionAt = Estimate(now, sizes.Sum());
        state.State.Message = CampaignMessage.For(Id, draft, whatsApp.Value);
        state.State.Shards = Enumerable.Range(0, sizes.Length)
            .ToDictionary(shard => shard, shard => new ShardProgress(0, new CampaignCounts(sizes[shard], sizes[shard], 0, 0, 0, 0), false));
        await WriteAsync();
        LogStarted(logger, Id, sizes.Sum(), sizes.Length);
        await IndexAsync();
        StartWatch();
        await KickShardsAsync(silentOnly: true);
    }

    // Kicks are one-way and idempotent: a running shard goes on, a dead one's state resumes from its cursor, and each
    // answers with a report. While sending, the silent ones are kicked; after a lost checkpoint, all of them.
    private async Task KickShardsAsync(bool silentOnly)
    {
        if (silentOnly && state.State.Status != CampaignStatus.Sending)
        {
            return;
        }

        var now = time.GetUtcNow();
        var draft = state.State.Draft!;
        var priority = draft.Category == CampaignCategory.Emergency ? SendPriority.Emergency : SendPriority.Broadcast;
        foreach (var (shard, progress) in state.State.Shards)
        {
            if (silentOnly && (progress.Finished || (_lastHeard.TryGetValue(shard, out var heard) && now - heard < options.Value.StallTimeout)))
            {
                continue;
            }

            _lastHeard[shard] = now;
            var assignment = new ShardAssignment(Id, shard, state.State.Message!, priority, progress.Counts.Audience);
            await GrainFactory.GetCampaignShard(Id, shard).KickAsync(assignment);
        }
    }

    private async Task<int[]> ShardSizesAsync()
    {
        var count = audience.Value.ShardCount;
        return await Task.WhenAll(Enumerable.Range(0, count).Select(shard => GrainFactory.GetGrain<IAudienceShardGrain>(shard).CountAsync()));
    }

    private DateTimeOffset Estimate(DateTimeOffset start, int size) =>
        CampaignEstimate.CompletionAt(start, size, throughput.Value.SustainedRate(whatsApp.Value.MessagesPerSecond), whatsApp.Value.DailyRecipientLimit);

    private async Task EndAsync(bool stopShards)
    {
        _watch?.Dispose();
        _watch = null;
        await IndexAsync();
        await UnregisterReminderAsync();
        if (stopShards)
        {
            foreach (var (shard, progress) in state.State.Shards)
            {
                if (!progress.Finished)
                {
                    await GrainFactory.GetCampaignShard(Id, shard).StopAsync();
                }
            }
        }
    }

    private async Task ReleaseQuotaAsync()
    {
        await GrainFactory.GetGrain<IQuotaGrain>(state.State.QuotaWeek).ReleaseAsync(Id);
        state.State.ReleasePending = false;
        await WriteAsync();
    }

    private Task IndexAsync() => GrainFactory.GetGrain<ICampaignIndexGrain>(0).UpsertAsync(Id, state.State.CreatedAt, state.State.Status);

    private async Task UnregisterReminderAsync()
    {
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private void StartWatch() =>
        _watch ??= this.RegisterGrainTimer(_ => KickShardsAsync(silentOnly: true), new GrainTimerCreationOptions(options.Value.WatchInterval, options.Value.WatchInterval) { Interleave = false });

    private void StartCheckpoints() =>
        _checkpoint ??= this.RegisterGrainTimer(_ => CheckpointAsync(), new GrainTimerCreationOptions(options.Value.ProgressCheckpoint, options.Value.ProgressCheckpoint) { Interleave = false });

    // Writes the reports taken since the last write; with none, and no shard still awaited, the totals are saved.
    private async Task CheckpointAsync()
    {
        if (_unsaved)
        {
            await WriteAsync();
            return;
        }

        if (_awaitedShards is { Count: > 0 })
        {
            return;
        }

        _awaitedShards = null;
        state.State.ProgressUnsaved = false;
        await WriteAsync();
        _checkpoint?.Dispose();
        _checkpoint = null;
    }

    private async Task WriteAsync()
    {
        _unsaved = false;
        await state.WriteStateAsync();
    }

    private CampaignView View()
    {
        var s = state.State;
        var draft = s.Draft!;
        var counts = s.Shards.Count == 0
            ? new CampaignCounts(s.AudienceEstimate, s.AudienceEstimate, 0, 0, 0, 0)
            : s.Shards.Values.Select(p => p.Counts).Aggregate(CampaignCounts.Empty, (a, b) =>
                new CampaignCounts(a.Audience + b.Audience, a.Pending + b.Pending, a.Sent + b.Sent, a.Delivered + b.Delivered, a.Read + b.Read, a.Failed + b.Failed));
        return new CampaignView(Id, draft.Title, draft.Text, draft.Category, s.Status, s.CreatedAt, draft.ScheduledAt, s.StartedAt, s.CompletedAt,
            draft.CreatedBy, s.EstimatedCompletionAt, counts, draft.Media, draft.EmergencyReason, draft.HeldForQuietHours);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Campaign {CampaignId} ({Category}) created as {Status} by {CreatedBy}")]
    private static partial void LogCreated(ILogger logger, string campaignId, CampaignCategory category, CampaignStatus status, string createdBy);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Campaign {CampaignId} started: {Audience} recipients over {Shards} shards")]
    private static partial void LogStarted(ILogger logger, string campaignId, int audience, int shards);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Campaign {CampaignId} completed")]
    private static partial void LogCompleted(ILogger logger, string campaignId);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "Campaign {CampaignId} cancelled by {CancelledBy}; quota slot given back: {Released}")]
    private static partial void LogCancelled(ILogger logger, string campaignId, string cancelledBy, bool released);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Error, Message = "Campaign {CampaignId} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string campaignId, string reason);
}
