using Vimercate.Abstractions;
using Vimercate.Broadcasts.Tests.Infrastructure;

namespace Vimercate.Broadcasts.Tests;

[Collection(SendingCollection.Name)]
public sealed class LifecycleTests(SendingCluster fixture)
{
    private TestCluster Cluster => fixture.Cluster;

    private static CampaignDraft Draft(string title, DateTimeOffset? scheduledAt = null) =>
        new(title, "Lavori in corso in via Milano.", CampaignCategory.News, null, scheduledAt, null, "editor");

    [Fact]
    public async Task ScheduledCampaignWaitsForItsTimeThenSendsToEveryone()
    {
        var numbers = Audiences.Numbers(25, first: 7_000_000);
        await Cluster.SubscribeAsync(numbers);
        var at = DateTimeOffset.UtcNow.AddSeconds(2);

        var created = await Cluster.Campaign("scheduled").CreateAsync(Draft("Programmata", at));
        var view = await Cluster.FinishedAsync("scheduled", TimeSpan.FromSeconds(30));

        var received = Cluster.Recorder.Sends.Where(s => s.Message.CampaignId == "scheduled").ToList();
        Assert.Equal(CampaignStatus.Scheduled, created.Status);
        Assert.Equal(CampaignStatus.Completed, view.Status);
        Assert.True(view.StartedAt >= at.AddSeconds(-1), $"started at {view.StartedAt}, scheduled at {at}");
        Assert.All(numbers, n => Assert.Single(received, s => s.Message.To == Audiences.Digits(n)));
        Assert.True(view.EstimatedCompletionAt >= at);
    }

    [Fact]
    public async Task CreatingTwiceIsIdempotentAndAnotherDraftUnderTheSameIdIsRefused()
    {
        var draft = Draft("Due volte", DateTimeOffset.UtcNow.AddDays(3));

        var first = await Cluster.Campaign("twice").CreateAsync(draft);
        var second = await Cluster.Campaign("twice").CreateAsync(draft);

        Assert.Equal(first, second);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Cluster.Campaign("twice").CreateAsync(draft with { Text = "Altro testo" }));
        Assert.Equal(CancelOutcome.Cancelled, await Cluster.Campaign("twice").CancelAsync("editor"));
    }

    [Fact]
    public async Task IndexListsCampaignsNewestFirstPagedAndFilteredByStatus()
    {
        var index = Cluster.Client.GetGrain<ICampaignIndexGrain>(0);
        var future = new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await index.UpsertAsync("index-old", future, CampaignStatus.Completed);
        await index.UpsertAsync("index-new", future.AddMinutes(2), CampaignStatus.Sending);
        await index.UpsertAsync("index-mid", future.AddMinutes(1), CampaignStatus.Sending);
        await index.UpsertAsync("index-new", future.AddMinutes(2), CampaignStatus.Failed);

        var first = await index.ListAsync(1, 2, null);
        var second = await index.ListAsync(2, 2, null);
        var failed = await index.ListAsync(1, 50, CampaignStatus.Failed);

        Assert.Equal(["index-new", "index-mid"], first.CampaignIds);
        Assert.Equal("index-old", second.CampaignIds[0]);
        Assert.Equal(first.Total, second.Total);
        Assert.Contains("index-new", failed.CampaignIds);
        Assert.DoesNotContain("index-mid", failed.CampaignIds);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => index.ListAsync(0, 10, null));
    }
}
