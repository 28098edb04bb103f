using Vimercate.Abstractions;
using Xunit.Abstractions;
using Vimercate.Broadcasts.Tests.Infrastructure;

namespace Vimercate.Broadcasts.Tests;

public sealed class FanOutTests(ITestOutputHelper output)
{
    private static readonly TimeSpan CampaignTimeout = TimeSpan.FromSeconds(60);

    private static CampaignDraft News() =>
        new("Raccolta differenziata", "Da lunedì la raccolta della carta passa al martedì.", CampaignCategory.News, null, null, null, "editor");

    [Fact]
    public async Task EveryActiveSubscriberGetsExactlyOneMessageAndNobodyWhoLeftBeforeTheWalkReachedThem()
    {
        await using var cluster = await TestCluster.StartAsync(new TestClusterSettings { Silos = 2, MessagesPerSecond = 2000 });
        var everyone = Audiences.Numbers(5000);
        await cluster.SubscribeAsync(everyone);
        var leftBefore = everyone.Where((_, i) => i % 50 == 0).ToArray();
        foreach (var number in leftBefore)
        {
            await cluster.UnsubscribeAsync(number);
        }

        var leavingDuring = Audiences.WalkedLast(everyone.Except(leftBefore), cluster.Settings.ShardCount, perShard: 15);
        var joiningDuring = Audiences.Numbers(40, first: 9_000_000);

        await cluster.Campaign("fan-out").CreateAsync(News());
        var removedAt = new Dictionary<ulong, long>();
        foreach (var number in leavingDuring)
        {
            removedAt[number] = await cluster.UnsubscribeAsync(number);
        }

        await cluster.SubscribeAsync(joiningDuring);
        var view = await cluster.FinishedAsync("fan-out", CampaignTimeout);

        var received = cluster.Recorder.PerRecipient("fan-out");
        var stillSubscribed = everyone.Except(leftBefore).Except(leavingDuring).ToArray();
        Assert.Equal(CampaignStatus.Completed, view.Status);
        Assert.All(received, r => Assert.Equal(1, r.Value));
        Assert.All(stillSubscribed, n => Assert.True(received.ContainsKey(Audiences.Digits(n)), $"{n} got nothing"));
        Assert.All(leftBefore, n => Assert.False(received.ContainsKey(Audiences.Digits(n)), $"{n} left before the campaign and got it"));
        foreach (var (number, removed) in removedAt)
        {
            if (received.ContainsKey(Audiences.Digits(number)))
            {
                Assert.True(cluster.Walks.FirstReached(number) < removed, $"{number} left before the walk reached it and still got the campaign");
            }
        }

        output.WriteLine($"{leavingDuring.Count(n => !received.ContainsKey(Audiences.Digits(n)))} of {leavingDuring.Length} who left during the campaign got nothing; {joiningDuring.Count(n => received.ContainsKey(Audiences.Digits(n)))} of {joiningDuring.Length} who joined got it");
        Assert.Contains(leavingDuring, n => !received.ContainsKey(Audiences.Digits(n)));
        Assert.All(joiningDuring, n => Assert.Equal(cluster.Walks.FirstReached(n) is not null, received.ContainsKey(Audiences.Digits(n))));
        Assert.Equal(received.Count, view.Counts.Audience);
        Assert.Equal(received.Count, view.Counts.Sent);
        Assert.Equal((0, 0), (view.Counts.Pending, view.Counts.Failed));
    }

    [Fact]
    public async Task KilledSiloMidCampaignLeavesNobodyOutAndResendsAtMostOneBatchPerShard()
    {
        await using var cluster = await TestCluster.StartAsync(new TestClusterSettings { Silos = 2, MessagesPerSecond = 1000 });
        cluster.Recorder.Latency = TimeSpan.FromMilliseconds(40);
        var everyone = Audiences.Numbers(5000);
        await cluster.SubscribeAsync(everyone);

        await cluster.Campaign("crash").CreateAsync(News());
        await Eventually.UntilAsync(() => cluster.Recorder.CountFor("crash") >= 1500, "a third of the campaign sent", CampaignTimeout);
        var killed = await cluster.HostOfAsync(cluster.Campaign("crash"));
        var sentByBoth = cluster.Recorder.Sends.Select(s => s.Silo).Distinct().Count();
        await cluster.KillAsync(killed);
        var killedAt = cluster.Clock.Next();
        var view = await cluster.FinishedAsync("crash", TimeSpan.FromSeconds(90));

        var received = cluster.Recorder.PerRecipient("crash");
        output.WriteLine($"{received.Count(r => r.Value == 2)} recipients got the campaign twice after the kill; {cluster.Recorder.CountFor("crash")} messages in all");
        var bySilo = cluster.Recorder.Sends.Where(s => s.Message.CampaignId == "crash").GroupBy(s => (s.Silo, After: s.Order > killedAt)).Select(g => $"{g.Key.Silo} {(g.Key.After ? "after" : "before")}: {g.Count()}");
        output.WriteLine(string.Join("; ", bySilo));
        Assert.Equal(2, sentByBoth);
        Assert.Equal(CampaignStatus.Completed, view.Status);
        Assert.All(everyone, n => Assert.True(received.ContainsKey(Audiences.Digits(n)), $"{n} was skipped"));
        Assert.All(received, r => Assert.InRange(r.Value, 1, 2));
        var twicePerShard = everyone
            .Where(n => received[Audiences.Digits(n)] == 2)
            .GroupBy(n => Audience.AudienceSharding.ShardOf(n, cluster.Settings.ShardCount));
        Assert.All(twicePerShard, shard => Assert.True(shard.Count() <= cluster.Settings.BatchSize, $"shard {shard.Key} resent {shard.Count()}"));
        Assert.Equal((5000, 5000, 0, 0), (view.Counts.Audience, view.Counts.Sent, view.Counts.Pending, view.Counts.Failed));
    }
}
