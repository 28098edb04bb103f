using Vimercate.Broadcasts.Tests.Infrastructure;
using Vimercate.Throughput;

namespace Vimercate.Broadcasts.Tests;

/// <summary>The limiter's arithmetic on the fake clock (the cluster runs at 2,000 messages per second, 5,000 recipients a day).</summary>
[Collection(ClockedCollection.Name)]
public sealed class ThroughputGrainTests(ClockedCluster fixture)
{
    private IThroughputGrain Limiter(string key) => fixture.Cluster.Client.GetGrain<IThroughputGrain>(key);

    private async Task<int> DrainAsync(IThroughputGrain limiter, SendPriority priority)
    {
        var total = 0;
        while ((await limiter.LeaseAsync(priority, 500)) is { Granted: > 0 } lease)
        {
            total += lease.Granted;
        }

        return total;
    }

    // Leases every 50 ms for the given time and returns what each step got.
    private async Task<List<int>> LeaseEveryStepAsync(IThroughputGrain limiter, SendPriority priority, TimeSpan duration)
    {
        var steps = new List<int>();
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += TimeSpan.FromMilliseconds(50))
        {
            steps.Add(await DrainAsync(limiter, priority));
            fixture.Time.Advance(TimeSpan.FromMilliseconds(50));
        }

        return steps;
    }

    // The most granted within any run of `length` consecutive steps.
    private static int Busiest(List<int> steps, int length) =>
        Enumerable.Range(0, steps.Count - length + 1).Max(i => steps.Skip(i).Take(length).Sum());

    [Fact]
    public async Task CampaignsGetTheirShareOfTheRateSpreadOverTheSecondAndRepliesAlwaysFindRoom()
    {
        var limiter = Limiter("window");

        var steps = await LeaseEveryStepAsync(limiter, SendPriority.Broadcast, TimeSpan.FromSeconds(2.3));
        var reply = await limiter.LeaseAsync(SendPriority.Reply, 1);

        Assert.Equal(1800, Busiest(steps, 23));
        Assert.InRange(Busiest(steps, 4), 1, 360);
        Assert.InRange(steps.Take(23).Sum(), 900, 1799);
        Assert.Equal(1, reply.Granted);
    }

    [Fact]
    public async Task NewsAndWeatherYieldToAnEmergency()
    {
        var limiter = Limiter("emergency");

        var emergency = await limiter.LeaseAsync(SendPriority.Emergency, 10);
        var news = await limiter.LeaseAsync(SendPriority.Broadcast, 10);
        var reply = await limiter.LeaseAsync(SendPriority.Reply, 1);
        fixture.Time.Advance(TimeSpan.FromSeconds(3));
        var newsLater = await limiter.LeaseAsync(SendPriority.Broadcast, 10);

        Assert.Equal(10, emergency.Granted);
        Assert.Equal(0, news.Granted);
        Assert.Equal(1, reply.Granted);
        Assert.Equal(10, newsLater.Granted);
    }

    [Fact]
    public async Task ThroughputErrorHalvesTheRateWhichRecoversStepByStep()
    {
        var limiter = Limiter("throttled");

        await limiter.ReportThrottledAsync();
        var halved = await limiter.GetAsync();
        var windowWhileHalved = Busiest(await LeaseEveryStepAsync(limiter, SendPriority.Reply, TimeSpan.FromSeconds(2.3)), 23);
        fixture.Time.Advance(TimeSpan.FromSeconds(7.7));
        var oneStep = await limiter.GetAsync();
        fixture.Time.Advance(TimeSpan.FromSeconds(60));
        var recovered = await limiter.GetAsync();

        Assert.Equal(1000, halved.CurrentRate);
        Assert.Equal(1000, windowWhileHalved);
        Assert.Equal(1200, oneStep.CurrentRate);
        Assert.Equal(2000, recovered.CurrentRate);
    }

    [Fact]
    public async Task CampaignsStopAtTheDailyRecipientLimitAndWaitForTheRollingWindow()
    {
        var limiter = Limiter("daily");
        var granted = 0;
        TokenLease lease;
        do
        {
            granted += (await LeaseEveryStepAsync(limiter, SendPriority.Broadcast, TimeSpan.FromSeconds(1.2))).Sum();
            lease = await limiter.LeaseAsync(SendPriority.Broadcast, 1);
            granted += lease.Granted;
        }
        while (lease.RetryAfter < TimeSpan.FromHours(1) && granted <= 5000);

        var reply = await limiter.LeaseAsync(SendPriority.Reply, 1);

        Assert.Equal(5000, granted);
        Assert.True(lease.RetryAfter > TimeSpan.FromHours(23), $"retry after {lease.RetryAfter}");
        Assert.Equal(1, reply.Granted);
        Assert.Equal(5000, (await limiter.GetAsync()).DailyRecipientsUsed);
    }
}
