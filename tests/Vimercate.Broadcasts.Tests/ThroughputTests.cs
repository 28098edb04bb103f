using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Vimercate.Abstractions;
using Vimercate.Broadcasts.Tests.Infrastructure;
using Vimercate.Messaging;
using Vimercate.Testing.Graph;
using Xunit.Abstractions;

namespace Vimercate.Broadcasts.Tests;

[Collection(TimingCollection.Name)]
public sealed class ThroughputTests(ITestOutputHelper output)
{
    [Fact]
    public async Task TwoSilosSendingACampaignAndRepliesNeverExceedTheRateInAnySecond()
    {
        await using var graph = await FakeGraphApi.StartAsync();
        await using var cluster = await TestCluster.StartAsync(new TestClusterSettings
        {
            Silos = 2,
            MessagesPerSecond = 200,
            Configuration = new Dictionary<string, string?>
            {
                ["WhatsApp:Mode"] = "Cloud",
                ["WhatsApp:GraphApiBaseUrl"] = graph.BaseUrl,
                ["WhatsApp:PhoneNumberId"] = "106540352242922",
                ["WhatsApp:AccessToken"] = "test-token",
                ["WhatsApp:AppSecret"] = "test-secret",
                ["WhatsApp:VerifyToken"] = "test-verify",
            },
        });
        var numbers = Audiences.Numbers(700, first: 6_000_000);
        await cluster.SubscribeAsync(numbers);

        await cluster.Campaign("paced").CreateAsync(new CampaignDraft("Mercato", "Il mercato del venerdì si sposta in piazza Unità d'Italia.", CampaignCategory.News, null, null, null, "editor"));
        await Eventually.UntilAsync(() => graph.Requests.Count >= 100, "the campaign under way", TimeSpan.FromSeconds(30));
        var replies = await Task.WhenAll(cluster.Cluster.Silos.SelectMany(silo =>
        {
            var sender = silo.ServiceProvider.GetRequiredService<IWhatsAppSender>();
            return Enumerable.Range(0, 5).Select(i => TimedAsync(() => sender.SendAsync(OutboundMessage.Reply($"39347{i:D7}", "Questo numero non riceve messaggi."))));
        }));
        var view = await cluster.FinishedAsync("paced", TimeSpan.FromSeconds(30));

        var statistics = await cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        var sendingSilos = statistics.Where(s => s.GrainType.Contains(nameof(CampaignShardGrain), StringComparison.Ordinal)).Select(s => s.SiloAddress).Distinct().Count();
        var campaign = graph.RequestsOf("paced");
        output.WriteLine(string.Join(" ", graph.Requests.GroupBy(r => (int)(r.ArrivedAt.TotalMilliseconds / 100)).OrderBy(g => g.Key).Select(g => $"{g.Key}:{g.Count()}")));
        output.WriteLine($"requests {graph.Requests.Count}, distinct {graph.Requests.Select(r => r.To).Distinct().Count()}");
        output.WriteLine($"busiest second: {graph.BusiestSecond()} requests; slowest reply: {replies.Max(r => r.Elapsed).TotalMilliseconds:0} ms");
        Assert.Equal(CampaignStatus.Completed, view.Status);
        Assert.Equal(2, sendingSilos);
        Assert.Equal(numbers.Select(Audiences.Digits).Order(), campaign.Select(r => r.To).Order());
        Assert.All(replies, r => Assert.Equal(SendOutcome.Sent, r.Result.Outcome));
        Assert.All(replies, r => Assert.True(r.Elapsed < TimeSpan.FromSeconds(2), $"a reply waited {r.Elapsed.TotalMilliseconds:0} ms behind the campaign"));
        Assert.InRange(graph.BusiestSecond(), 1, 210);
    }

    private static async Task<(SendResult Result, TimeSpan Elapsed)> TimedAsync(Func<Task<SendResult>> send)
    {
        var clock = Stopwatch.StartNew();
        var result = await send();
        return (result, clock.Elapsed);
    }
}
