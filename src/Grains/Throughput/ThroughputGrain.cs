using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vimercate.Hosting;
using Vimercate.Storage;

namespace Vimercate.Throughput;

/// <summary>The cluster-wide send budget of one business number: slots for every request, the rate WhatsApp allows now, outages and probes (docs/design/limiter.md).</summary>
[GrainType("throughput")]
public sealed partial class ThroughputGrain(
    [PersistentState("throughput")] IPersistentState<ThroughputState> state,
    IOptions<WhatsAppOptions> whatsApp,
    IOptions<ThroughputOptions> options,
    [FromKeyedServices(ThroughputServiceCollectionExtensions.Clock)] TimeProvider time,
    ILogger<ThroughputGrain> logger) : Grain, IThroughputGrain
{
    private readonly SendSchedule _schedule = new(options.Value, whatsApp.Value.MessagesPerSecond);
    private readonly OutageWatch _outage = new(options.Value);
    private DateTimeOffset _quietUntil;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The previous activation's leases may still be in use for a lookahead plus their validity: nothing is granted
        // before they are void, and the schedule starts after them (the quiet period of the design page).
        var now = time.GetUtcNow();
        _quietUntil = now + options.Value.Lookahead + options.Value.LeaseValidity;
        _schedule.RestartAt(_quietUntil);
        if (state.State.LoweredRate is { } rate)
        {
            _schedule.Restore(rate, state.State.LoweredAt);
        }

        if (state.State.UnavailableSince is { } since)
        {
            _outage.Restore(since, now);
        }

        return base.OnActivateAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<TokenLease> LeaseAsync(LeaseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Wanted, 1);
        var now = time.GetUtcNow();
        await ObserveAsync(request.Tally, now);
        var validity = options.Value.LeaseValidity;
        if (now < _quietUntil)
        {
            return new TokenLease(0, validity, _quietUntil - now);
        }

        if (_outage.Since is { } since)
        {
            return _outage.TryProbe(now) && _schedule.TakeProbe(now)
                ? new TokenLease(1, validity, TimeSpan.Zero, Probe: true, UnavailableSince: since)
                : new TokenLease(0, validity, _outage.UntilProbe(now), UnavailableSince: since);
        }

        var (granted, retryAfter) = _schedule.Take(request.Priority, request.Wanted, now);
        return new TokenLease(granted, validity, retryAfter);
    }

    /// <inheritdoc />
    public Task ReportAsync(SendTally tally) => ObserveAsync(tally, time.GetUtcNow());

    /// <inheritdoc />
    public async Task<ThroughputView> GetAsync()
    {
        var configured = whatsApp.Value.MessagesPerSecond;
        var daily = whatsApp.Value.DailyRecipientLimit is null
            ? 0
            : await GrainFactory.GetGrain<IDailyRecipientsGrain>(this.GetPrimaryKeyString()).CountAsync();
        return new ThroughputView(configured, _schedule.RateAt(time.GetUtcNow()), daily, _outage.Since);
    }

    // The lowered rate and the outage are written when they change, before any lease follows from them.
    private async Task ObserveAsync(SendTally tally, DateTimeOffset now)
    {
        if (tally.IsEmpty)
        {
            return;
        }

        var lowered = tally.Throttled > 0 && _schedule.Lower(now);
        if (lowered)
        {
            LogThrottled(logger, _schedule.RateAt(now), whatsApp.Value.MessagesPerSecond);
        }

        var wasUnavailable = _outage.Since;
        var outageChanged = _outage.Observe(tally, now);
        if (outageChanged && _outage.Since is null)
        {
            _schedule.RestartAt(now);
            LogAvailableAgain(logger, wasUnavailable!.Value, now - wasUnavailable.Value);
        }
        else if (outageChanged)
        {
            LogUnavailable(logger, options.Value.OutageThreshold);
        }

        if (lowered || outageChanged)
        {
            state.State.LoweredRate = _schedule.Lowered?.Rate;
            state.State.LoweredAt = _schedule.Lowered?.At ?? default;
            state.State.UnavailableSince = _outage.Since;
            await state.WriteOrDropAsync(this);
        }
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "WhatsApp throttled the business number (130429): the rate drops to {Rate:F1} of {Configured} messages per second and recovers gradually")]
    private static partial void LogThrottled(ILogger logger, double rate, int configured);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Error, Message = "WhatsApp is unavailable: {Threshold} requests in a row got no answer; sending waits, with a probe now and then")]
    private static partial void LogUnavailable(ILogger logger, int threshold);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "WhatsApp answers again after being unavailable since {Since:O} ({Duration}); sending resumes")]
    private static partial void LogAvailableAgain(ILogger logger, DateTimeOffset since, TimeSpan duration);
}
