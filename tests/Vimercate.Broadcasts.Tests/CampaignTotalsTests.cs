using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Vimercate.Abstractions;
using Vimercate.Broadcasts.Tests.Infrastructure;
using Vimercate.Messaging;

namespace Vimercate.Broadcasts.Tests;

public sealed class CampaignTotalsTests
{
    private static readonly TimeSpan CampaignTimeout = TimeSpan.FromSeconds(60);

    private static CampaignDraft Weather() =>
        new("Allerta meteo", "Allerta gialla per vento forte.", CampaignCategory.Weather, null, null, null, "editor");

    [Fact]
    public async Task StatusesCountedBeforeACrashAreCountedAfterItByTheCampaignAndItsShards()
    {
        var settings = new TestClusterSettings
        {
            Silos = 3,
            ShardCount = 2,
            Configuration = new Dictionary<string, string?> { ["Broadcasts:ProgressCheckpoint"] = "01:00:00" },
        };
        await using var cluster = await TestCluster.StartAsync(settings);
        var numbers = Audiences.Numbers(300, first: 6_000_000);
        await cluster.SubscribeAsync(numbers);
        await cluster.Campaign("totals").CreateAsync(Weather());
        await cluster.FinishedAsync("totals", CampaignTimeout);

        // The silos of the campaign and of its first shard die; statuses come in through a third one.
        var doomed = new[] { await cluster.HostOfAsync(cluster.Campaign("totals")), await cluster.HostOfAsync(cluster.Client.GetCampaignShard("totals", 0)) }
            .DistinctBy(s => s.Name).ToArray();
        var survivor = cluster.Cluster.Silos.First(s => doomed.All(d => d.Name != s.Name));
        var sink = survivor.ServiceProvider.GetRequiredService<IDeliveryStatusSink>();
        var at = DateTimeOffset.UtcNow;
        DeliveryStatusUpdate Status(ulong number, DeliveryStatus status) => new($"wamid.{number}", status, at, Audiences.Digits(number), "totals", null);
        foreach (var number in numbers)
        {
            await sink.AcceptAsync([Status(number, DeliveryStatus.Delivered)]);
        }

        foreach (var number in numbers.Take(250))
        {
            await sink.AcceptAsync([Status(number, DeliveryStatus.Read)]);
        }

        Assert.Equal((300, 250), Counted(await cluster.Campaign("totals").GetAsync()));
        foreach (var silo in doomed)
        {
            await cluster.KillAsync(silo);
        }

        // Asked through the surviving silo (the test client's gateway may have died); until the cluster has declared the
        // killed silos dead a call can fail, and is asked again, as a press officer would reload the page.
        var grains = survivor.ServiceProvider.GetRequiredService<IGrainFactory>();
        var view = await Eventually.UntilAsync(
            async () =>
            {
                try
                {
                    return await grains.GetGrain<IBroadcastGrain>("totals").GetAsync();
                }
                catch (Exception exception) when (exception is SiloUnavailableException or ConnectionFailedException or OrleansMessageRejectionException or TimeoutException)
                {
                    return null;
                }
            },
            v => v is not null && Counted(v) == (300, 250),
            "the campaign to count every status again",
            CampaignTimeout);
        Assert.Equal((300, 300, 0), (view!.Counts.Audience, view.Counts.Sent, view.Counts.Pending));
        Assert.Equal(CampaignStatus.Completed, view.Status);
        var shards = await Task.WhenAll(Enumerable.Range(0, 2).Select(shard => grains.GetCampaignShard("totals", shard).GetAsync()));
        Assert.Equal((300, 250), (shards.Sum(s => s.Counts.Delivered), shards.Sum(s => s.Counts.Read)));
    }

    private static (int Delivered, int Read) Counted(CampaignView? view) => (view!.Counts.Delivered, view.Counts.Read);
}
