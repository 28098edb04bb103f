using Orleans.Runtime;
using Vimercate.Broadcasts.Tests.Infrastructure;
using Vimercate.Throughput;

namespace Vimercate.Broadcasts.Tests;

/// <summary>The limiter's grains on the fake clock (one silo at 2,000 messages per second, 5,000 recipients a day).</summary>
[Collection(ClockedCollection.Name)]
public sealed class ThroughputGrainTests(ClockedCluster fixture)
{
    private static readonly ThroughputOptions Options = new();

    private IThroughputGrain Limiter(string key) => fixture.Cluster.Client.GetGrain<IThroughputGrain>(key);

    private IDailyRecipientsGrain Daily(string key) => fixture.Cluster.Client.GetGrain<IDailyRecipientsGrain>(key);

    private static LeaseRequest Ask(int wanted, SendTally? tally = null) => new(SendPriority.Emergency, wanted, tally ?? SendTally.None);

    // Deactivates every idle activation, as when a silo is stopped in order.
    private Task CollectAsync() => fixture.Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    [Fact]
    public async Task ANewActivationGrantsNothingUntilThePreviousLeasesAreVoid()
    {
        var limiter = Limiter("quiet");

        var first = await limiter.LeaseAsync(Ask(5));
        fixture.Time.Advance(first.RetryAfter);
        var afterQuiet = await limiter.LeaseAsync(Ask(5));

        Assert.Equal(0, first.Granted);
        Assert.Equal(Options.Lookahead + Options.LeaseValidity, first.RetryAfter);
        Assert.InRange(afterQuiet.Granted, 1, 5);
    }

    [Fact]
    public async Task AnOutageLetsOnlyProbesThroughAndIsVisibleToEveryone()
    {
        var limiter = Limiter("outage");
        await limiter.LeaseAsync(Ask(1));
        fixture.Time.Advance(TimeSpan.FromSeconds(2));

        var started = fixture.Time.GetUtcNow();
        await limiter.ReportAsync(new SendTally(0, Options.OutageThreshold, 0, 0, 0));
        var view = await limiter.GetAsync();
        var refused = await limiter.LeaseAsync(Ask(50));
        fixture.Time.Advance(refused.RetryAfter);
        var probe = await limiter.LeaseAsync(Ask(50));
        var secondProbe = await limiter.LeaseAsync(Ask(50));
        fixture.Time.Advance(TimeSpan.FromMilliseconds(200));
        var answered = await limiter.LeaseAsync(Ask(50, new SendTally(0, 0, 0, 1, 0)));
        fixture.Time.Advance(TimeSpan.FromMilliseconds(100));
        var resumed = await limiter.LeaseAsync(Ask(50));

        Assert.Equal(started, view.UnavailableSince);
        Assert.Equal((0, Options.FirstProbeInterval, started), (refused.Granted, refused.RetryAfter, refused.UnavailableSince!.Value));
        Assert.Equal((1, true), (probe.Granted, probe.Probe));
        Assert.Equal(0, secondProbe.Granted);
        Assert.Null(answered.UnavailableSince);
        Assert.Null((await limiter.GetAsync()).UnavailableSince);
        Assert.InRange(resumed.Granted, 1, 50);
        Assert.False(resumed.Probe);
    }

    [Fact]
    public async Task AnOutageAndALoweredRateOutliveTheActivation()
    {
        var limiter = Limiter("remembered");
        await limiter.ReportAsync(new SendTally(0, 0, 1, 0, 0));
        await limiter.ReportAsync(new SendTally(0, Options.OutageThreshold, 0, 0, 0));
        var before = await limiter.GetAsync();

        await CollectAsync();
        var after = await limiter.GetAsync();

        Assert.Equal(1000, before.CurrentRate);
        Assert.NotNull(before.UnavailableSince);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task TheDailyLimitCountsDistinctCitizensAndARepeatKeepsOneCountedFromTheRepeat()
    {
        var daily = Daily("distinct");
        var first = await daily.AdmitAsync([1, 2, 3]);
        fixture.Time.Advance(TimeSpan.FromHours(20));
        var repeat = await daily.AdmitAsync([1, 2, 4]);
        var afterRepeat = await daily.CountAsync();
        fixture.Time.Advance(TimeSpan.FromHours(4) + TimeSpan.FromMinutes(3));
        var whenTheFirstLeft = await daily.CountAsync();
        fixture.Time.Advance(TimeSpan.FromHours(20));
        var whenTheRepeatLeft = await daily.CountAsync();

        Assert.Equal([true, true, true], first.Admitted);
        Assert.Equal([true, true, true], repeat.Admitted);
        Assert.Equal(4, afterRepeat);
        Assert.Equal(3, whenTheFirstLeft);
        Assert.Equal(0, whenTheRepeatLeft);
    }

    [Fact]
    public async Task TheDailyLimitRefusesNewCitizensUntilTheRollingWindowFreesAPlace()
    {
        var daily = Daily("full");
        var numbers = Enumerable.Range(1, 5000).Select(n => (ulong)n).ToArray();
        foreach (var chunk in numbers.Chunk(500))
        {
            Assert.All((await daily.AdmitAsync(chunk)).Admitted, Assert.True);
            fixture.Time.Advance(TimeSpan.FromMinutes(10));
        }

        var refused = await daily.AdmitAsync([6001, 1]);
        fixture.Time.Advance(refused.RetryAfter);
        var later = await daily.AdmitAsync([6001]);

        Assert.Equal([false, true], refused.Admitted);
        Assert.InRange(refused.RetryAfter, TimeSpan.FromHours(22), TimeSpan.FromHours(24));
        Assert.Equal([true], later.Admitted);
        Assert.Equal(4500 + 2, await daily.CountAsync());
    }

    [Fact]
    public async Task ANewActivationRecognisesCitizensCountedBeforeAndCountsThemOnce()
    {
        var daily = Daily("reactivated");
        var numbers = Enumerable.Range(100, 2500).Select(n => (ulong)n).ToArray();
        await daily.AdmitAsync(numbers);
        fixture.Time.Advance(TimeSpan.FromMinutes(2));

        await CollectAsync();
        var again = await daily.AdmitAsync(numbers);

        Assert.All(again.Admitted, Assert.True);
        Assert.Equal(2500, await daily.CountAsync());
    }
}
