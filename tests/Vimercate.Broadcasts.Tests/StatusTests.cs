using Microsoft.Extensions.DependencyInjection;
using Vimercate.Abstractions;
using Vimercate.Broadcasts.Tests.Infrastructure;
using Vimercate.Messaging;

namespace Vimercate.Broadcasts.Tests;

[Collection(SendingCollection.Name)]
public sealed class StatusTests(SendingCluster fixture)
{
    private static readonly TimeSpan CampaignTimeout = TimeSpan.FromSeconds(30);

    private TestCluster Cluster => fixture.Cluster;

    private IDeliveryStatusSink Sink => Cluster.Cluster.GetSiloServiceProvider().GetRequiredService<IDeliveryStatusSink>();

    private static CampaignDraft Weather() =>
        new("Allerta meteo", "Allerta arancione per temporali dalle 14.", CampaignCategory.Weather, null, null, null, "editor");

    private static void AssertConsistent(CampaignCounts counts)
    {
        Assert.Equal(counts.Audience, counts.Pending + counts.Sent + counts.Failed);
        Assert.True(counts.Read <= counts.Delivered && counts.Delivered <= counts.Sent, $"read {counts.Read}, delivered {counts.Delivered}, sent {counts.Sent}");
    }

    [Fact]
    public async Task DuplicatedAndReorderedStatusesProduceExactCounts()
    {
        var numbers = Audiences.Numbers(60, first: 2_000_000);
        await Cluster.SubscribeAsync(numbers);
        await Cluster.Campaign("statuses").CreateAsync(Weather());
        var sent = await Cluster.FinishedAsync("statuses", CampaignTimeout);
        var audience = sent.Counts.Audience;
        string To(int i) => Audiences.Digits(numbers[i]);
        var at = DateTimeOffset.UtcNow;
        DeliveryStatusUpdate Status(int i, DeliveryStatus status) => new($"wamid.{i}", status, at, To(i), "statuses", status == DeliveryStatus.Failed ? 131026 : null);

        var first = new[]
        {
            Status(0, DeliveryStatus.Read), Status(0, DeliveryStatus.Delivered),
            Status(1, DeliveryStatus.Delivered), Status(1, DeliveryStatus.Delivered),
            Status(2, DeliveryStatus.Read), Status(2, DeliveryStatus.Sent),
            Status(3, DeliveryStatus.Failed), Status(3, DeliveryStatus.Delivered),
            Status(4, DeliveryStatus.Sent),
            new DeliveryStatusUpdate("wamid.reply", DeliveryStatus.Delivered, at, To(5), null, null),
        };
        await Sink.AcceptAsync(first);
        await Sink.AcceptAsync(first.Reverse().ToArray());
        await Sink.AcceptAsync([Status(1, DeliveryStatus.Read), Status(0, DeliveryStatus.Sent)]);
        var view = (await Cluster.Campaign("statuses").GetAsync())!;

        Assert.Equal((audience, 0, audience - 1, 3, 3, 1), (view.Counts.Audience, view.Counts.Pending, view.Counts.Sent, view.Counts.Delivered, view.Counts.Read, view.Counts.Failed));
        AssertConsistent(view.Counts);
    }

    [Fact]
    public async Task RecipientsWhomWhatsAppRefusesAreFailedAndTransientRefusalsAreRetried()
    {
        var numbers = Audiences.Numbers(30, first: 3_000_000);
        Cluster.Recorder.Script(Audiences.Digits(numbers[0]), new SendResult(SendOutcome.Failed, ErrorCode: 131026, Error: "Message undeliverable"));
        Cluster.Recorder.Script(Audiences.Digits(numbers[1]), new SendResult(SendOutcome.RetryLater, ErrorCode: 131000), new SendResult(SendOutcome.RetryLater, ErrorCode: 131000));
        await Cluster.SubscribeAsync(numbers);

        await Cluster.Campaign("refusals").CreateAsync(Weather());
        var view = await Cluster.FinishedAsync("refusals", CampaignTimeout);

        var received = Cluster.Recorder.PerRecipient("refusals");
        Assert.Equal(CampaignStatus.Completed, view.Status);
        Assert.False(received.ContainsKey(Audiences.Digits(numbers[0])));
        Assert.Equal(1, received[Audiences.Digits(numbers[1])]);
        Assert.Equal(1, view.Counts.Failed);
        Assert.Equal(view.Counts.Audience - 1, view.Counts.Sent);
        AssertConsistent(view.Counts);
    }

    [Fact]
    public async Task HaltedAccountFailsTheCampaignAndStopsEveryShard()
    {
        var numbers = Audiences.Numbers(20, first: 4_000_000);
        await Cluster.SubscribeAsync(numbers);
        Cluster.Recorder.Script(Audiences.Digits(numbers[^1]), new SendResult(SendOutcome.Halted, ErrorCode: 190, Error: "Access token expired"));

        await Cluster.Campaign("halted").CreateAsync(Weather());
        var view = await Cluster.FinishedAsync("halted", CampaignTimeout);

        Assert.Equal(CampaignStatus.Failed, view.Status);
        Assert.Null(view.CompletedAt);
        Assert.Equal(CancelOutcome.AlreadyFinished, await Cluster.Campaign("halted").CancelAsync("editor"));
        AssertConsistent(view.Counts);
    }

    [Fact]
    public async Task CancellingARunningCampaignStopsItsShardsAndKeepsTheSlot()
    {
        Cluster.Recorder.Latency = TimeSpan.FromMilliseconds(200);
        try
        {
            var numbers = Audiences.Numbers(400, first: 5_000_000);
            await Cluster.SubscribeAsync(numbers);
            var scheduler = Cluster.Cluster.GetSiloServiceProvider().GetRequiredService<CampaignScheduler>();
            var submission = await scheduler.SubmitAsync("cancel-running", Weather());
            await Eventually.UntilAsync(() => Cluster.Recorder.CountFor("cancel-running") > 0, "the first messages of the campaign", CampaignTimeout);

            var outcome = await Cluster.Campaign("cancel-running").CancelAsync("editor");
            var shards = await Eventually.UntilAsync(
                () => Task.WhenAll(Enumerable.Range(0, Cluster.Settings.ShardCount).Select(s => Cluster.Client.GetCampaignShard("cancel-running", s).GetAsync())),
                views => views.All(v => v.Stopped || v.Finished),
                "every shard stopped",
                CampaignTimeout);
            var view = (await Cluster.Campaign("cancel-running").GetAsync())!;
            var quota = await Cluster.Client.GetGrain<IQuotaGrain>(submission.Quota.Week).ListAsync();

            Assert.Equal(CancelOutcome.Cancelled, outcome);
            Assert.Equal(CampaignStatus.Cancelled, view.Status);
            Assert.Contains(shards, s => s.Stopped);
            Assert.True(view.Counts.Pending > 0, "the cancel came after the campaign had finished");
            Assert.Contains(quota, r => r.CampaignId == "cancel-running");
            Assert.Equal(CancelOutcome.AlreadyFinished, await Cluster.Campaign("cancel-running").CancelAsync("editor"));
        }
        finally
        {
            Cluster.Recorder.Latency = TimeSpan.Zero;
        }
    }
}
