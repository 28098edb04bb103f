using Microsoft.Extensions.Time.Testing;
using Vimercate.Throughput;

namespace Vimercate.Broadcasts.Tests;

/// <summary>The limiter's accounting on a fake clock: slots, ramp, priorities and the rate WhatsApp allows (docs/design/limiter.md).</summary>
public sealed class ThroughputScheduleTests
{
    private const int Rate = 200;
    private static readonly ThroughputOptions Options = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));

    /// <summary>One silo asking for slots every <see cref="Every"/> while it has <see cref="Wanted"/> messages waiting.</summary>
    private sealed record Asker(SendPriority Priority, TimeSpan Every, int Wanted, TimeSpan From, TimeSpan Until);

    [Fact]
    public void NoSecondOfArrivalsHoldsMoreThanTheRateHoweverSilosAskAndRequestsDrift()
    {
        var random = new Random(7);
        var schedule = new SendSchedule(Options, Rate);
        var start = _time.GetUtcNow();
        var arrivals = new List<TimeSpan>();
        var next = new[] { TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero };
        for (var step = 0; step < 12_000; step++)
        {
            var now = _time.GetUtcNow();
            for (var silo = 0; silo < next.Length; silo++)
            {
                if (now - start < next[silo])
                {
                    continue;
                }

                // Requests start when the lease arrives and reach WhatsApp as late as the validity and the jitter allow
                // in the first half of every three seconds, at once in the second: the change of delay piles requests up.
                var (granted, _) = schedule.Take((SendPriority)silo, random.Next(1, 60), now);
                var drift = (now - start).TotalMilliseconds % 3000 < 1500 ? Options.LeaseValidity + Options.ArrivalJitter : TimeSpan.Zero;
                arrivals.AddRange(Enumerable.Repeat(now - start + drift, granted));

                next[silo] = now - start + TimeSpan.FromMilliseconds(random.Next(1, 9));
            }

            _time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.InRange(arrivals.Count, Rate * 10, Rate * 12);
        Assert.InRange(Busiest(arrivals, TimeSpan.FromSeconds(1)), 1, Rate);
    }

    [Fact]
    public void ACampaignAloneRampsUpWithinASecondThenGetsAtLeast97PercentOfTheRate()
    {
        var slots = Run(new SendSchedule(Options, Rate), new Asker(SendPriority.Emergency, TimeSpan.FromMilliseconds(1), 100, TimeSpan.Zero, TimeSpan.FromSeconds(12)));

        var firstSecond = slots.Count(s => s.At < TimeSpan.FromSeconds(1));
        var afterRamp = slots.Count(s => s.At >= TimeSpan.FromSeconds(2) && s.At < TimeSpan.FromSeconds(12));
        Assert.InRange(firstSecond, Rate * 0.6, Rate * 0.85);
        Assert.InRange(afterRamp, Rate * 0.97 * 10, Rate * 10);
    }

    [Fact]
    public void RepliesGetTheirShareWhileTheyWaitAndNothingIsKeptForThemOtherwise()
    {
        var slots = Run(
            new SendSchedule(Options, Rate),
            new Asker(SendPriority.Broadcast, TimeSpan.FromMilliseconds(1), 100, TimeSpan.Zero, TimeSpan.FromSeconds(8)),
            new Asker(SendPriority.Reply, TimeSpan.FromMilliseconds(2), 100, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(6)));

        int Count(SendPriority priority, double from, double until) =>
            slots.Count(s => s.Priority == priority && s.At >= TimeSpan.FromSeconds(from) && s.At < TimeSpan.FromSeconds(until));
        Assert.InRange(Count(SendPriority.Broadcast, 2, 4), Rate * 0.97 * 2, Rate * 2);
        Assert.InRange(Count(SendPriority.Reply, 4, 6), Rate * Options.ReplyShare * 0.97 * 2, Rate * 2);
        Assert.InRange(Count(SendPriority.Reply, 4, 6) + Count(SendPriority.Broadcast, 4, 6), Rate * 0.97 * 2, Rate * 2);
        Assert.InRange(Count(SendPriority.Broadcast, 6.1, 8), Rate * 0.97 * 1.9, Rate * 1.9);
    }

    [Fact]
    public void NewsAndWeatherYieldToAnEmergencyWhileItAsks()
    {
        var slots = Run(
            new SendSchedule(Options, Rate),
            new Asker(SendPriority.Broadcast, TimeSpan.FromMilliseconds(1), 100, TimeSpan.Zero, TimeSpan.FromSeconds(10)),
            new Asker(SendPriority.Emergency, TimeSpan.FromMilliseconds(1), 100, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5)));

        Assert.DoesNotContain(slots, s => s.Priority == SendPriority.Broadcast && s.At >= TimeSpan.FromSeconds(3.01) && s.At < TimeSpan.FromSeconds(6.99));
        Assert.Contains(slots, s => s.Priority == SendPriority.Broadcast && s.At >= TimeSpan.FromSeconds(7.01));
        Assert.InRange(slots.Count(s => s.At >= TimeSpan.FromSeconds(3) && s.At < TimeSpan.FromSeconds(5)), Rate * 0.97 * 2, Rate * 2);
    }

    [Fact]
    public void ThrottlingHalvesTheRateAtMostOnceASecondAndItRecoversStepByStep()
    {
        var schedule = new SendSchedule(Options, 2000);
        var start = _time.GetUtcNow();

        var lowered = schedule.Lower(start);
        var againAtOnce = schedule.Lower(start + TimeSpan.FromMilliseconds(500));

        Assert.True(lowered);
        Assert.False(againAtOnce);
        Assert.Equal(1000, schedule.RateAt(start + TimeSpan.FromSeconds(9.9)));
        Assert.Equal(1200, schedule.RateAt(start + TimeSpan.FromSeconds(10)));
        Assert.Equal(2000, schedule.RateAt(start + TimeSpan.FromSeconds(60)));
        Assert.Null(schedule.Lowered);
    }

    [Fact]
    public void ALoweredRateLengthensTheSpacing()
    {
        var schedule = new SendSchedule(Options, Rate);
        schedule.Lower(_time.GetUtcNow());

        var slots = Run(schedule, new Asker(SendPriority.Broadcast, TimeSpan.FromMilliseconds(1), 100, TimeSpan.Zero, TimeSpan.FromSeconds(9)));

        Assert.InRange(slots.Count(s => s.At >= TimeSpan.FromSeconds(2) && s.At < TimeSpan.FromSeconds(9)), Rate / 2 * 0.97 * 7, Rate / 2 * 7);
    }

    // Runs the askers on the fake clock in 1 ms steps and returns every slot handed out, by priority and time.
    private List<(SendPriority Priority, TimeSpan At)> Run(SendSchedule schedule, params Asker[] askers)
    {
        var start = _time.GetUtcNow();
        var until = askers.Max(a => a.Until);
        var slots = new List<(SendPriority, TimeSpan)>();
        var next = askers.Select(a => a.From).ToArray();
        for (var elapsed = TimeSpan.Zero; elapsed < until; elapsed = _time.GetUtcNow() - start)
        {
            for (var i = 0; i < askers.Length; i++)
            {
                if (elapsed < next[i] || elapsed >= askers[i].Until)
                {
                    continue;
                }

                var (granted, retryAfter) = schedule.Take(askers[i].Priority, askers[i].Wanted, _time.GetUtcNow());
                slots.AddRange(Enumerable.Repeat((askers[i].Priority, elapsed), granted));
                next[i] = elapsed + (retryAfter > askers[i].Every ? retryAfter : askers[i].Every);
            }

            _time.Advance(TimeSpan.FromMilliseconds(1));
        }

        return slots;
    }

    // The most arrivals within any window of the given length.
    private static int Busiest(List<TimeSpan> arrivals, TimeSpan window)
    {
        var times = arrivals.Order().ToArray();
        var busiest = 0;
        var end = 0;
        for (var first = 0; first < times.Length; first++)
        {
            while (end < times.Length && times[end] < times[first] + window)
            {
                end++;
            }

            busiest = Math.Max(busiest, end - first);
        }

        return busiest;
    }
}
