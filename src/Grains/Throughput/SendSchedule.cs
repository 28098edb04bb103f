namespace Vimercate.Throughput;

/// <summary>The limiter's slots, at least a spacing apart so no window holds more than the rate; priorities, ramp and lowered rate (docs/design/limiter.md).</summary>
/// <param name="options">The limiter's settings.</param>
/// <param name="configuredRate">WhatsApp:MessagesPerSecond.</param>
internal sealed class SendSchedule(ThroughputOptions options, int configuredRate)
{
    // How long replies count as waiting after a reply lease was not served in full.
    private static readonly TimeSpan ReplyWaitMemory = TimeSpan.FromMilliseconds(50);

    private DateTimeOffset _next = DateTimeOffset.MinValue;
    private DateTimeOffset _campaignNext = DateTimeOffset.MinValue;
    private DateTimeOffset _lastSlot = DateTimeOffset.MinValue;
    private DateTimeOffset _rampStart = DateTimeOffset.MinValue;
    private DateTimeOffset _repliesWaitUntil = DateTimeOffset.MinValue;
    private DateTimeOffset _emergencyUntil = DateTimeOffset.MinValue;

    /// <summary>The rate WhatsApp's 130429 brought the limiter down to, and when; null at the configured rate.</summary>
    public (double Rate, DateTimeOffset At)? Lowered { get; private set; }

    /// <summary>No slot before <paramref name="from"/> (nor before any slot already handed out), then a ramp from half the rate.</summary>
    public void RestartAt(DateTimeOffset from)
    {
        _next = Max(_next, from);
        _rampStart = _next;
        _lastSlot = _next;
    }

    /// <summary>Resumes a lowered rate a previous activation wrote down.</summary>
    public void Restore(double rate, DateTimeOffset at) => Lowered = (rate, at);

    /// <summary>Hands out up to <paramref name="wanted"/> slots due by now plus the lookahead; when short, how long until the next one is due.</summary>
    public (int Granted, TimeSpan RetryAfter) Take(SendPriority priority, int wanted, DateTimeOffset now)
    {
        if (priority == SendPriority.Emergency)
        {
            _emergencyUntil = now + options.EmergencyPrecedence;
        }
        else if (priority == SendPriority.Broadcast && now < _emergencyUntil)
        {
            return (0, _emergencyUntil - now);
        }

        var repliesWait = priority != SendPriority.Reply && now < _repliesWaitUntil;
        var granted = 0;
        DateTimeOffset slot;
        while ((slot = NextSlot(now, repliesWait)) <= now + options.Lookahead && granted < wanted)
        {
            Hand(slot, repliesWait);
            granted++;
        }

        if (granted == wanted)
        {
            return (granted, TimeSpan.Zero);
        }

        if (priority == SendPriority.Reply)
        {
            _repliesWaitUntil = slot + ReplyWaitMemory;
        }

        return (granted, Max(slot - now - options.Lookahead, TimeSpan.FromMilliseconds(1)));
    }

    /// <summary>One slot for a probe during an outage, when one is due, whatever the priorities.</summary>
    public bool TakeProbe(DateTimeOffset now)
    {
        var slot = NextSlot(now, repliesWait: false);
        if (slot > now + options.Lookahead)
        {
            return false;
        }

        Hand(slot, repliesWait: false);
        return true;
    }

    /// <summary>WhatsApp answered 130429: the rate drops by the throttle factor, at most once a second; true when it dropped.</summary>
    public bool Lower(DateTimeOffset now)
    {
        if (Lowered is { At: var at } && now - at < TimeSpan.FromSeconds(1))
        {
            return false;
        }

        Lowered = (Math.Max(configuredRate * options.MinimumRateShare, RateAt(now) * options.ThrottleFactor), now);
        return true;
    }

    /// <summary>The rate in force at <paramref name="at"/>: the configured one, or a lowered one climbing back step by step.</summary>
    public double RateAt(DateTimeOffset at)
    {
        if (Lowered is not { } lowered)
        {
            return configuredRate;
        }

        var steps = Math.Floor(Math.Max(0, (at - lowered.At) / options.RecoveryInterval));
        var rate = lowered.Rate + (steps * options.RecoveryStep * configuredRate);
        if (rate < configuredRate)
        {
            return rate;
        }

        Lowered = null;
        return configuredRate;
    }

    // The earliest slot the schedule allows now; an idle window starts a new ramp.
    private DateTimeOffset NextSlot(DateTimeOffset now, bool repliesWait)
    {
        if (_next <= now && _lastSlot + options.Window <= now)
        {
            _rampStart = now;
        }

        var slot = Max(_next, now);
        return repliesWait ? Max(slot, _campaignNext) : slot;
    }

    private void Hand(DateTimeOffset slot, bool repliesWait)
    {
        var spacing = Spacing(slot);
        _next = slot + spacing;
        _lastSlot = slot;
        if (repliesWait)
        {
            _campaignNext = slot + (spacing / (1 - options.ReplyShare));
        }
    }

    // One window per rate's worth of slots, stretched while the ramp runs.
    private TimeSpan Spacing(DateTimeOffset slot)
    {
        var ramp = options.RampTime <= TimeSpan.Zero ? 1 : Math.Clamp(0.5 + (0.5 * ((slot - _rampStart) / options.RampTime)), 0.5, 1);
        return options.Window / (RateAt(slot) * ramp);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
