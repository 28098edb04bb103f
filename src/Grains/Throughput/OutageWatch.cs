namespace Vimercate.Throughput;

/// <summary>Whether WhatsApp answers, from the outcomes every silo reports; during an outage only a probe goes out now and then (docs/design/limiter.md).</summary>
/// <param name="options">The limiter's settings.</param>
internal sealed class OutageWatch(ThroughputOptions options)
{
    // A probe's answer may take a request's whole timeout; without an answer by then another probe may go.
    private static readonly TimeSpan ProbeAnswerWait = TimeSpan.FromSeconds(20);

    private int _unansweredInARow;
    private TimeSpan _probeInterval = options.FirstProbeInterval;
    private DateTimeOffset _nextProbe;
    private DateTimeOffset _probeOutUntil = DateTimeOffset.MinValue;

    /// <summary>When the outage started; null while WhatsApp answers.</summary>
    public DateTimeOffset? Since { get; private set; }

    /// <summary>Resumes an outage a previous activation wrote down: the first probe goes after the first interval.</summary>
    public void Restore(DateTimeOffset since, DateTimeOffset now) => Start(since, now);

    /// <summary>Takes the outcomes a silo reports; true when an outage started or ended.</summary>
    public bool Observe(SendTally tally, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(tally);
        if (Since is null)
        {
            // A tally does not order its outcomes: unanswered ones next to answered ones may be the newer.
            _unansweredInARow = tally.Answered > 0 ? tally.Unanswered : _unansweredInARow + tally.Unanswered;
            if (_unansweredInARow < options.OutageThreshold)
            {
                return false;
            }

            Start(now, now);
            return true;
        }

        // Only a probe speaks for now: an answer to a request sent before the outage proves nothing.
        if (tally.ProbesAnswered > 0)
        {
            Since = null;
            _unansweredInARow = 0;
            return true;
        }

        if (tally.ProbesUnanswered > 0)
        {
            _probeInterval = Min(_probeInterval * 2, options.LongestProbeInterval);
            _nextProbe = now + _probeInterval;
            _probeOutUntil = DateTimeOffset.MinValue;
        }

        return false;
    }

    /// <summary>True when a probe may go now (and it is then counted as out).</summary>
    public bool TryProbe(DateTimeOffset now)
    {
        if (Since is null || now < _nextProbe || now < _probeOutUntil)
        {
            return false;
        }

        _probeOutUntil = now + ProbeAnswerWait;
        _nextProbe = now + _probeInterval;
        return true;
    }

    /// <summary>How long until a probe may go.</summary>
    public TimeSpan UntilProbe(DateTimeOffset now)
    {
        var at = _nextProbe > _probeOutUntil ? _nextProbe : _probeOutUntil;
        return at > now ? at - now : TimeSpan.FromMilliseconds(1);
    }

    private void Start(DateTimeOffset since, DateTimeOffset now)
    {
        Since = since;
        _unansweredInARow = 0;
        _probeInterval = options.FirstProbeInterval;
        _nextProbe = now + _probeInterval;
        _probeOutUntil = DateTimeOffset.MinValue;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
