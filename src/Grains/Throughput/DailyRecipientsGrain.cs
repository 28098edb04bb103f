using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vimercate.Hosting;
using Vimercate.Storage;

namespace Vimercate.Throughput;

/// <summary>The daily recipient limit: distinct citizens reached by campaigns in a rolling 24 hours, counts written ahead, numbers in segments (docs/design/limiter.md).</summary>
[GrainType("dailyrecipients")]
public sealed partial class DailyRecipientsGrain(
    [PersistentState("daily-recipients")] IPersistentState<DailyRecipientsState> state,
    IOptions<WhatsAppOptions> whatsApp,
    [FromKeyedServices(ThroughputServiceCollectionExtensions.Clock)] TimeProvider time,
    ILogger<DailyRecipientsGrain> logger) : Grain, IDailyRecipientsGrain
{
    /// <summary>The most numbers one segment holds; a segment also ends with its minute.</summary>
    public const int SegmentCapacity = 1024;

    private const int Day = 24 * 60;
    private static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    // Per minute: recipients counted (exact in memory) and the count written ahead.
    private readonly SortedDictionary<int, (int Used, int Reserved)> _minutes = [];
    private readonly Dictionary<ulong, int> _counted = [];
    private readonly List<(ulong Number, int Minute)> _unwritten = [];
    private int _total;
    private int _currentSegmentSize;
    private bool _limitReached;

    private int Limit => whatsApp.Value.DailyRecipientLimit ?? int.MaxValue;

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var now = MinuteOf(time.GetUtcNow());
        foreach (var bucket in state.State.Buckets)
        {
            _minutes[MinuteOf(bucket.Minute)] = (bucket.Reserved, bucket.Reserved);
        }

        var segments = await Task.WhenAll(state.State.Segments.Select(s => Segment(s.Id).ReadAsync()));
        foreach (var entries in segments)
        {
            for (var i = 0; i < entries.Numbers.Length; i++)
            {
                if (!Expired(entries.Minutes[i], now) && (!_counted.TryGetValue(entries.Numbers[i], out var known) || known < entries.Minutes[i]))
                {
                    _counted[entries.Numbers[i]] = entries.Minutes[i];
                }
            }
        }

        _currentSegmentSize = segments.Length > 0 ? segments[^1].Numbers.Length : 0;

        // A number a crash left in an older segment only is counted there too: more than were used, never fewer.
        foreach (var minute in _counted.Values.CountBy(m => m))
        {
            var (used, reserved) = _minutes.GetValueOrDefault(minute.Key);
            _minutes[minute.Key] = (Math.Max(used, minute.Value), reserved);
        }

        Prune(now);
        _total = _minutes.Values.Sum(m => m.Used);
        this.RegisterGrainTimer(_ => FlushAsync(), new GrainTimerCreationOptions(FlushInterval, FlushInterval) { Interleave = false });
        await base.OnActivateAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            await FlushAsync();
            await WriteCountsAsync(MinuteOf(time.GetUtcNow()), exact: true);
        }
        catch (Exception exception)
        {
            LogFlushFailed(logger, exception);
        }

        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<DailyAdmission> AdmitAsync(ulong[] numbers)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        var now = time.GetUtcNow();
        var minute = MinuteOf(now);
        Prune(minute);
        var admitted = new bool[numbers.Length];
        for (var i = 0; i < numbers.Length; i++)
        {
            var number = numbers[i];
            if (_counted.TryGetValue(number, out var counted) && !Expired(counted, minute))
            {
                // Counted already: the unit moves to now, so the citizen stays counted 24 hours after this message.
                if (counted != minute)
                {
                    Count(counted, -1);
                    Count(minute, 1);
                    Remember(number, minute);
                }

                admitted[i] = true;
            }
            else if (_total < Limit)
            {
                Count(minute, 1);
                _total++;
                Remember(number, minute);
                admitted[i] = true;
            }
        }

        await ReserveAheadAsync(minute);
        var refused = Array.IndexOf(admitted, false) >= 0;
        if (refused && !_limitReached)
        {
            LogLimitReached(logger, Limit);
        }

        _limitReached = refused;
        return new DailyAdmission(admitted, refused ? UntilAPlaceFrees(now) : TimeSpan.Zero);
    }

    /// <inheritdoc />
    public Task<int> CountAsync()
    {
        Prune(MinuteOf(time.GetUtcNow()));
        return Task.FromResult(_total);
    }

    // The current minute's count is written ahead in chunks of a twentieth of the limit: a crash overcounts by no more.
    // Past minutes are written as counted, which a move may have lowered.
    private async Task ReserveAheadAsync(int minute)
    {
        var (used, reserved) = _minutes.GetValueOrDefault(minute);
        if (used <= reserved)
        {
            return;
        }

        _minutes[minute] = (used, used + Math.Max(1, Limit / 20));
        await WriteCountsAsync(minute, exact: false);
    }

    // Writes every minute's count as counted, the current one ahead unless `exact` (the activation is ending in order).
    private Task WriteCountsAsync(int minute, bool exact)
    {
        state.State.Buckets = [.. _minutes.Where(m => m.Value.Used > 0 || m.Key == minute)
            .Select(m => new DailyBucket(StartOf(m.Key), m.Key == minute && !exact ? m.Value.Reserved : m.Value.Used))];
        return state.WriteOrDropAsync(this);
    }

    // Writes the numbers counted since the last flush to the current segment (a new one when it is full or its minute
    // has passed), and clears segments whose every number left the window.
    private async Task FlushAsync()
    {
        var minute = MinuteOf(time.GetUtcNow());
        Prune(minute);
        await ClearExpiredSegmentsAsync(minute);
        while (_unwritten.Count > 0)
        {
            if (state.State.Segments.Count == 0 || state.State.Segments[^1].Minute != minute || _currentSegmentSize >= SegmentCapacity)
            {
                state.State.Segments.Add(new DailySegmentRef(state.State.NextSegment++, minute));
                await state.WriteOrDropAsync(this);
                _currentSegmentSize = 0;
            }

            var take = Math.Min(_unwritten.Count, SegmentCapacity - _currentSegmentSize);
            var batch = _unwritten.GetRange(0, take);
            await Segment(state.State.Segments[^1].Id).AppendAsync(new DailyEntries([.. batch.Select(e => e.Number)], [.. batch.Select(e => e.Minute)]));
            _unwritten.RemoveRange(0, take);
            _currentSegmentSize += take;
        }
    }

    private async Task ClearExpiredSegmentsAsync(int minute)
    {
        var expired = state.State.Segments.TakeWhile(s => Expired(s.Minute, minute)).ToList();
        if (expired.Count == 0)
        {
            return;
        }

        await Task.WhenAll(expired.Select(s => Segment(s.Id).ClearAsync()));
        state.State.Segments.RemoveRange(0, expired.Count);
        await state.WriteOrDropAsync(this);
    }

    private void Count(int minute, int delta)
    {
        var (used, reserved) = _minutes.GetValueOrDefault(minute);
        _minutes[minute] = (used + delta, reserved);
    }

    private void Remember(ulong number, int minute)
    {
        _counted[number] = minute;
        _unwritten.Add((number, minute));
    }

    // Minutes that left the window give their units back; their numbers are forgotten once a minute.
    private void Prune(int now)
    {
        var expired = _minutes.Keys.TakeWhile(m => Expired(m, now)).ToList();
        foreach (var minute in expired)
        {
            _total -= _minutes[minute].Used;
            _minutes.Remove(minute);
        }

        if (expired.Count > 0)
        {
            foreach (var gone in _counted.Where(c => Expired(c.Value, now)).Select(c => c.Key).ToList())
            {
                _counted.Remove(gone);
            }
        }
    }

    private TimeSpan UntilAPlaceFrees(DateTimeOffset now)
    {
        var oldest = _minutes.FirstOrDefault(m => m.Value.Used > 0).Key;
        var frees = StartOf(oldest + Day + 1);
        return frees > now ? frees - now : TimeSpan.FromMinutes(1);
    }

    private IDailyRecipientSegmentGrain Segment(int id) => GrainFactory.GetGrain<IDailyRecipientSegmentGrain>($"{this.GetPrimaryKeyString()}/{id}");

    // A number counted in minute m was messaged before the end of m: it stays counted until 24 hours after that end.
    private static bool Expired(int minute, int now) => minute + Day + 1 <= now;

    private static int MinuteOf(DateTimeOffset at) => (int)(at.ToUnixTimeSeconds() / 60);

    private static DateTimeOffset StartOf(int minute) => DateTimeOffset.FromUnixTimeSeconds(minute * 60L);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "The daily limit of {Limit} campaign recipients is reached; campaigns wait for the rolling window")]
    private static partial void LogLimitReached(ILogger logger, int limit);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Warning, Message = "The numbers counted for the daily recipient limit could not all be written; a repeat message may count them again")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception);
}
