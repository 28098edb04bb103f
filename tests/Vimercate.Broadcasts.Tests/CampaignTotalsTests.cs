using Microsoft.Extensions.DependencyInjection;
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
    public async Task StatusesCountedAfterTheLastCheckpointAreCountedAgainWhenTheCampaignsSiloDies()
    {
        var settings = new TestClusterSettings
        {
            Silos = 2,
            Configuration = new Dictionary<string, string?> { ["Broadcasts:ProgressCheckpoint"] = "01:00:00" },
        };
        await using var cluster = await TestCluster.StartAsync(settings);
        var numbers = Audiences.Numbers(200, first: 6_000_000);
        await cluster.SubscribeAsync(numbers);
        await cluster.Campaign("totals").CreateAsync(Weather());
        await cluster.FinishedAsync("totals", CampaignTimeout);

        var host = await cluster.HostOfAsync(cluster.Campaign("totals"));
        var survivor = cluster.Cluster.Silos.Single(s => s.Name != host.Name);
        var sink = survivor.ServiceProvider.GetRequiredService<IDeliveryStatusSink>();
        var at = DateTimeOffset.UtcNow;
        foreach (var number in numbers.Take(50))
        {
            await sink.AcceptAsync([new DeliveryStatusUpdate($"wamid.{number}", DeliveryStatus.Read, at, Audiences.Digits(number), "totals", null)]);
        }

        Assert.Equal(50, (await cluster.Campaign("totals").GetAsync())!.Counts.Read);
        await cluster.KillAsync(host);

        var view = await Poll.UntilAsync(
            async () => (await cluster.Campaign("totals").GetAsync())!,
            v => v.Counts.Read == 50,
            "the campaign to count the 50 reads again",
            CampaignTimeout);
        Assert.Equal((200, 200, 50, 50), (view.Counts.Audience, view.Counts.Sent, view.Counts.Delivered, view.Counts.Read));
        Assert.Equal(CampaignStatus.Completed, view.Status);
    }
}
