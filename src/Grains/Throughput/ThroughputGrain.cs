using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vimercate.Hosting;

namespace Vimercate.Throughput;

/// <summary>
/// The cluster-wide send budget of one business number. Silos lease tokens that are void after one
/// <see cref="ThroughputOptions.Slice"/>, counted from before the silo asked; every message therefore starts within a
/// slice after its grant. The grain grants at most the rate within any window of one second plus one slice plus the
/// <see cref="ThroughputOptions.ArrivalJitter"/>, so no one-second window of arrivals at WhatsApp, from however many
/// silos, holds more than the rate. The window log lives in memory: a
/// new activation starts empty, and the tokens of the lost one expire within a slice, which only risks a slice's
/// worth of overlap. Grants are also paced: no more than the rate's share of <see cref="PacingWindow"/> within it, so
/// the messages of a second are spread over it and a late start (a new connection, a slow hop) cannot pile two
/// seconds' bursts into one; campaigns' pacing share stops below the whole, so every pacing window keeps room for replies.
/// After an idle window the budget ramps up from half over one window (slow start): the first messages open new
/// connections and arrive late, and must not pile onto the next second's.
/// The daily recipient limit is persisted ahead of use, so a crash can only overcount it.
/// </summary>
public sealed partial class ThroughputGrain(
    [PersistentState("throughput")] IPersistentState<ThroughputState> state,
    IOptions<WhatsAppOptions> whatsApp,
    IOptions<ThroughputOptions> options,
    TimeProvider time,
    ILogger<ThroughputGrain> logger) : Grain, IThroughputGrain
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private readonly List<(DateTimeOffset At, int Count)> _grants = [];
    private readonly List<(DateTimeOffset Minute, int Used, int Reserved)> _daily = [];
    private int _inWindow;
    private DateTimeOffset _rampStart;
    private bool _dailyLimitReached;
    private DateTimeOffset _lastEmergencyDemand = DateTimeOffset.MinValue;
    private DateTimeOffset? _throttledAt;
    private double _throttledRate;

    private TimeSpan Window => TimeSpan.FromSeconds(1) + options.Value.Slice + options.Value.ArrivalJitter;

    private TimeSpan PacingWindow => options.Value.Slice * 4;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var bucket in state.State.Buckets)
        {
            _daily.Add((bucket.Minute, bucket.Reserved, bucket.Reserved));
        }

        return base.OnActivateAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<TokenLease> LeaseAsync(SendPriority priority, int wanted)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        Prune(now);
        if (priority == SendPriority.Emergency)
        {
            _lastEmergencyDemand = now;
        }

        if (priority == SendPriority.Broadcast && now - _lastEmergencyDemand < settings.EmergencyPrecedence)
        {
            return Refused(settings.Slice * 2);
        }

        if (_grants.Count == 0)
        {
            _rampStart = now;
        }

        var ramp = Math.Min(1, 0.5 + (0.5 * ((now - _rampStart) / Window)));
        var rate = CurrentRate(now);
        var capacity = (priority == SendPriority.Reply ? rate : rate * (1 - settings.ReplyShare)) * ramp;
        var pacingCap = Math.Max(1, (int)Math.Floor(capacity * PacingWindow.TotalSeconds));
        var (paced, pacedSince) = GrantedSince(now - PacingWindow);
        var grant = Math.Min(Math.Min(wanted, pacingCap - paced), (int)Math.Floor(capacity) - _inWindow);
        if (grant <= 0)
        {
            var windowFull = (int)Math.Floor(capacity) - _inWindow <= 0;
            return Refused(windowFull && _grants.Count > 0 ? _grants[0].At + Window - now : (pacedSince ?? now) + PacingWindow - now);
        }

        var dailyLimit = whatsApp.Value.DailyRecipientLimit;
        if (priority != SendPriority.Reply && dailyLimit is { } limit)
        {
            grant = Math.Min(grant, limit - _daily.Sum(b => b.Used));
            if (grant <= 0)
            {
                if (!_dailyLimitReached)
                {
                    _dailyLimitReached = true;
                    LogDailyLimit(logger, limit);
                }

                return Refused(_daily[0].Minute + Day + TimeSpan.FromMinutes(1) - now);
            }

            _dailyLimitReached = false;
            await CountDailyAsync(now, grant, rate, limit);
        }

        _grants.Add((now, grant));
        _inWindow += grant;
        return new TokenLease(grant, settings.Slice, TimeSpan.Zero);
    }

    /// <inheritdoc />
    public Task ReportThrottledAsync()
    {
        var now = time.GetUtcNow();
        var settings = options.Value;
        if (_throttledAt is { } last && now - last < TimeSpan.FromSeconds(1))
        {
            return Task.CompletedTask;
        }

        var configured = whatsApp.Value.MessagesPerSecond;
        _throttledRate = Math.Max(configured * settings.MinimumRateShare, CurrentRate(now) * settings.ThrottleFactor);
        _throttledAt = now;
        LogThrottled(logger, _throttledRate, configured);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<ThroughputView> GetAsync()
    {
        var now = time.GetUtcNow();
        Prune(now);
        return Task.FromResult(new ThroughputView(whatsApp.Value.MessagesPerSecond, CurrentRate(now), _daily.Sum(b => b.Used)));
    }

    private TokenLease Refused(TimeSpan retryAfter) =>
        new(0, options.Value.Slice, retryAfter > TimeSpan.FromMilliseconds(1) ? retryAfter : TimeSpan.FromMilliseconds(1));

    private double CurrentRate(DateTimeOffset now)
    {
        var configured = (double)whatsApp.Value.MessagesPerSecond;
        if (_throttledAt is not { } since)
        {
            return configured;
        }

        var settings = options.Value;
        var steps = Math.Floor((now - since) / settings.RecoveryInterval);
        var rate = _throttledRate + (steps * settings.RecoveryStep * configured);
        if (rate >= configured)
        {
            _throttledAt = null;
            return configured;
        }

        return rate;
    }

    private void Prune(DateTimeOffset now)
    {
        var expired = 0;
        while (expired < _grants.Count && _grants[expired].At <= now - Window)
        {
            _inWindow -= _grants[expired++].Count;
        }

        _grants.RemoveRange(0, expired);

        _daily.RemoveAll(b => b.Minute + Day + TimeSpan.FromMinutes(1) <= now);
    }

    // How many tokens were granted after `since`, and when the oldest of those grants was.
    private (int Count, DateTimeOffset? Oldest) GrantedSince(DateTimeOffset since)
    {
        var count = 0;
        DateTimeOffset? oldest = null;
        for (var i = _grants.Count - 1; i >= 0 && _grants[i].At > since; i--)
        {
            count += _grants[i].Count;
            oldest = _grants[i].At;
        }

        return (count, oldest);
    }

    // The minute's count is written ahead in chunks of at most a twentieth of the limit: a crash overcounts by no more.
    private async Task CountDailyAsync(DateTimeOffset now, int count, double rate, int limit)
    {
        var minute = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        if (_daily.Count == 0 || _daily[^1].Minute != minute)
        {
            _daily.Add((minute, 0, 0));
        }

        var (_, used, reserved) = _daily[^1];
        used += count;
        var write = used > reserved;
        if (write)
        {
            reserved = used + Math.Max(1, (int)Math.Min(rate * 5, limit / 20.0));
        }

        _daily[^1] = (minute, used, reserved);
        if (write)
        {
            state.State.Buckets = _daily.Select(b => new DailyBucket(b.Minute, b.Reserved)).ToList();
            await state.WriteStateAsync();
        }
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "WhatsApp throttled the business number (130429): the rate drops to {Rate:F1} of {Configured} messages per second and recovers gradually")]
    private static partial void LogThrottled(ILogger logger, double rate, int configured);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "The daily limit of {Limit} business-initiated recipients is reached; campaigns wait for the rolling window")]
    private static partial void LogDailyLimit(ILogger logger, int limit);
}
