using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Vimercate.Abstractions;
using Vimercate.Audience;
using Vimercate.Broadcasts;
using Vimercate.Silo.Tests.Broadcasting;
using Vimercate.Silo.Tests.Postgres;
using Xunit.Abstractions;

namespace Vimercate.Silo.Tests;

/// <summary>A broadcast on two silos that keep membership, state and reminders in PostgreSQL, one of them killed while it sends.</summary>
[Collection(PostgresCollection.Name)]
public sealed class BroadcastFailoverTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    private const int Audience = 2000;
    private const int ShardCount = 16;
    private const int BatchSize = 20;

    // 2,000 messages at 200 a second take ten seconds: time enough to kill a silo in the middle.
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Audience:ShardCount"] = $"{ShardCount}",
        ["Broadcasts:BatchSize"] = $"{BatchSize}",
        ["Broadcasts:StallTimeout"] = "00:00:03",
        ["Broadcasts:WatchInterval"] = "00:00:01",
        ["WhatsApp:MessagesPerSecond"] = "200",
    };

    [Fact]
    public async Task BroadcastReachesEveryoneWhenASiloDiesMidwayAndTheSiloIsDeclaredDead()
    {
        var clusterId = $"cluster-{Guid.NewGuid():N}";
        var tables = new OrleansTables(database.ConnectionString);
        using var whatsApp = ClusterWhatsApp.Open(clusterId);
        await using var cluster = await PostgresTestCluster.StartAsync(
            database.ConnectionString, clusterId, $"service-{Guid.NewGuid():N}", fastFailureDetection: true, settings: Settings, configure: ClusterWhatsApp.Configure);
        var everyone = TestAudience.Numbers(Audience);
        await TestAudience.AddToAudienceAsync(cluster.Client, everyone, ShardCount);

        var clock = Stopwatch.StartNew();
        var scheduler = cluster.GetSiloServiceProvider().GetRequiredService<CampaignScheduler>();
        var submission = await scheduler.SubmitAsync("failover", News());
        Assert.True(submission.Accepted);
        await Eventually.UntilAsync(
            () => Task.FromResult(whatsApp.Recorder.SendsOf("failover").Count),
            sent => sent >= Audience / 4,
            "a quarter of the campaign to be sent",
            TimeSpan.FromSeconds(60));
        var victim = await HostOfAsync(cluster, cluster.Client.GetGrain<IBroadcastGrain>("failover"));
        var survivor = cluster.Silos.Single(silo => silo != victim);
        whatsApp.Recorder.Dead[victim.Name] = true;
        await cluster.KillSiloAsync(victim);
        var sentBeforeKill = whatsApp.Recorder.SendsOf("failover");
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: killed {victim.Name}, the campaign's silo, after {sentBeforeKill.Count} messages");

        var view = await Eventually.UntilAsync(
            () => CampaignAsync(cluster, "failover"),
            campaign => campaign?.Status is CampaignStatus.Completed or CampaignStatus.Failed or CampaignStatus.Cancelled,
            "the campaign to finish on the surviving silo",
            TimeSpan.FromMinutes(3));
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: campaign {view!.Status}, {whatsApp.Recorder.SendsOf("failover").Count} messages in all");

        var sends = whatsApp.Recorder.SendsOf("failover");
        Assert.Contains(sentBeforeKill, send => send.Silo == victim.Name);
        Assert.Contains(sends, send => send.Silo == survivor.Name && send.Order > sentBeforeKill.Max(s => s.Order));
        Assert.Equal(CampaignStatus.Completed, view.Status);
        Assert.Equal(new CampaignCounts(Audience, 0, Audience, 0, 0, 0), view.Counts);
        var received = whatsApp.Recorder.PerRecipient("failover");
        Assert.All(everyone, number => Assert.True(received.ContainsKey(TestAudience.Digits(number)), $"{TestAudience.Digits(number)} got nothing"));
        Assert.Equal(Audience, received.Count);
        Assert.All(received, recipient => Assert.InRange(recipient.Value, 1, 2));
        var twiceByShard = everyone
            .Where(number => received[TestAudience.Digits(number)] == 2)
            .GroupBy(number => AudienceSharding.ShardOf(number, ShardCount))
            .ToDictionary(shard => shard.Key, shard => shard.Count());
        output.WriteLine($"received twice: {twiceByShard.Values.Sum()} ({string.Join(", ", twiceByShard.Select(s => $"shard {s.Key}: {s.Value}"))})");
        Assert.All(twiceByShard, shard => Assert.True(shard.Value <= BatchSize, $"shard {shard.Key} sent {shard.Value} recipients twice, more than a batch"));

        var members = await Eventually.UntilAsync(
            () => tables.MembersAsync(clusterId),
            rows => rows.Any(row => row.Port == victim.SiloAddress.Endpoint.Port && row.Status == SiloStatus.Dead),
            "the killed silo to be declared Dead",
            TimeSpan.FromSeconds(60));
        Assert.Equal(SiloStatus.Active, Assert.Single(members, row => row.Port == survivor.SiloAddress.Endpoint.Port).Status);
    }

    private static CampaignDraft News() =>
        new("Raccolta differenziata", "Da lunedì la raccolta della carta passa al martedì.", CampaignCategory.News, null, null, null, "editor");

    private static async Task<SiloHandle> HostOfAsync(TestCluster cluster, IAddressable grain)
    {
        var address = await cluster.Client.GetGrain<IManagementGrain>(0).GetActivationAddress(grain)
            ?? throw new InvalidOperationException("The campaign grain is not active anywhere.");
        return cluster.Silos.Single(silo => silo.SiloAddress.Equals(address));
    }

    // While the dead silo is not yet declared dead, a call to a grain it hosted fails; the press office would retry.
    private static async Task<CampaignView?> CampaignAsync(TestCluster cluster, string id)
    {
        try
        {
            return await cluster.Client.GetGrain<IBroadcastGrain>(id).GetAsync();
        }
        catch (Exception exception) when (exception is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException)
        {
            return null;
        }
    }
}
