using Vimercate.Throughput;

namespace Vimercate.Broadcasts.Tests;

/// <summary>How the limiter decides that WhatsApp is unavailable and lets only probes through (docs/design/limiter.md).</summary>
public sealed class ThroughputOutageTests
{
    private static readonly ThroughputOptions Options = new();
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TenUnansweredInARowStartAnOutageButAnAnswerInBetweenDoesNot()
    {
        var watch = new OutageWatch(Options);

        var afterNine = watch.Observe(new SendTally(0, 9, 0, 0, 0), Start);
        var answered = watch.Observe(new SendTally(3, 0, 0, 0, 0), Start);
        var afterNineMore = watch.Observe(new SendTally(0, 9, 0, 0, 0), Start);
        var tenth = watch.Observe(new SendTally(0, 1, 0, 0, 0), Start.AddSeconds(1));

        Assert.False(afterNine);
        Assert.False(answered);
        Assert.False(afterNineMore);
        Assert.True(tenth);
        Assert.Equal(Start.AddSeconds(1), watch.Since);
    }

    [Fact]
    public void ProbesGoOneAtATimeBackingOffToTheLongestIntervalAndOnlyAProbesAnswerEndsTheOutage()
    {
        var watch = new OutageWatch(Options);
        watch.Observe(new SendTally(0, Options.OutageThreshold, 0, 0, 0), Start);
        var probes = new List<double>();
        var now = Start;
        for (var step = 0; step < 600; step++, now = now.AddMilliseconds(100))
        {
            if (watch.TryProbe(now))
            {
                probes.Add((now - Start).TotalSeconds);
                Assert.False(watch.TryProbe(now.AddMilliseconds(50)));
                watch.Observe(new SendTally(5, 0, 0, 0, 1), now.AddMilliseconds(200));
            }
        }

        var answered = watch.Observe(new SendTally(0, 0, 0, 1, 0), now);

        Assert.Equal([1.0, 3.2, 7.4, 15.6, 25.8, 36.0, 46.2, 56.4], probes.Select(p => Math.Round(p, 1)));
        Assert.True(answered);
        Assert.Null(watch.Since);
    }
}
