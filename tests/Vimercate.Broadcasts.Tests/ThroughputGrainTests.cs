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

    [Fact]
    public async Task CampaignsGetNoMoreThanTheirShareOfAWindowAndRepliesKeepTheRest()
    {
        var limiter = Limiter("window");

        var campaigns = await DrainAsync(limiter, SendPriority.Broadcast);
        var replies = await DrainAsync(limiter, SendPriority.Reply);
        var refused = await limiter.LeaseAsync(SendPriority.Reply, 1);
        fixture.Time.Advance(TimeSpan.FromSeconds(1.05));
        var after = await limiter.LeaseAsync(SendPriority.Broadcast, 1);

        Assert.Equal(1800, campaigns);
        Assert.Equal(200, replies);
        Assert.Equal(0, refused.Granted);
        Assert.True(refused.RetryAfter > TimeSpan.Zero && refused.RetryAfter <= TimeSpan.FromSeconds(1.05), $"retry after {refused.RetryAfter}");
        Assert.Equal(1, after.Granted);
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
        var windowWhileHalved = await DrainAsync(limiter, SendPriority.Reply);
        fixture.Time.Advance(TimeSpan.FromSeconds(10));
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
            var window = await DrainAsync(limiter, SendPriority.Broadcast);
            granted += window;
            fixture.Time.Advance(TimeSpan.FromSeconds(1.1));
            lease = await limiter.LeaseAsync(SendPriority.Broadcast, 1);
            granted += lease.Granted;
        }
        while (lease.Granted > 0);

        var reply = await limiter.LeaseAsync(SendPriority.Reply, 1);

        Assert.Equal(5000, granted);
        Assert.True(lease.RetryAfter > TimeSpan.FromHours(23), $"retry after {lease.RetryAfter}");
        Assert.Equal(1, reply.Granted);
        Assert.Equal(5000, (await limiter.GetAsync()).DailyRecipientsUsed);
    }
}
