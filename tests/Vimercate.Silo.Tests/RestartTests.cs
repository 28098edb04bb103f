using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Vimercate.Abstractions;
using Vimercate.Audience;
using Vimercate.Broadcasts;
using Vimercate.Hosting;
using Vimercate.Silo.Tests.Broadcasting;
using Vimercate.Silo.Tests.Postgres;
using Vimercate.Silo.Tests.TestGrains;
using Xunit.Abstractions;

namespace Vimercate.Silo.Tests;

[Collection(PostgresCollection.Name)]
public sealed class RestartTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    private static readonly Vimercate.Privacy.NumberHasher DevelopmentHasher =
        new(Microsoft.Extensions.Options.Options.Create(new Vimercate.Privacy.PrivacyOptions()));

    private const int ShardCount = 8;

    private static readonly Dictionary<string, string> BroadcastSettings = new() { ["Audience:ShardCount"] = $"{ShardCount}" };

    [Fact]
    public async Task StateWrittenBeforeAFullRestartIsReadAfterIt()
    {
        var clusterId = $"cluster-{Guid.NewGuid():N}";
        var serviceId = $"service-{Guid.NewGuid():N}";
        var key = $"note-{Guid.NewGuid():N}";
        await using (var before = await PostgresTestCluster.StartAsync(database.ConnectionString, clusterId, serviceId))
        {
            await before.Client.GetGrain<INoteGrain>(key).WriteAsync("Allerta meteo: vento forte");
            await before.StopAllSilosAsync();
        }

        await using var after = await PostgresTestCluster.StartAsync(database.ConnectionString, clusterId, serviceId);

        Assert.Equal("Allerta meteo: vento forte", await after.Client.GetGrain<INoteGrain>(key).ReadAsync());
        var members = await new OrleansTables(database.ConnectionString).MembersAsync(clusterId);
        Assert.Equal(2, members.Count(row => row.Status == SiloStatus.Dead));
        Assert.Equal(2, members.Count(row => row.Status == SiloStatus.Active));
    }

    [Fact]
    public async Task SubscriberConsentHistorySurvivesAFullRestart()
    {
        var clusterId = $"cluster-{Guid.NewGuid():N}";
        var serviceId = $"service-{Guid.NewGuid():N}";
        const string Number = "393331234567";
        var optIn = new InboundMessage("wamid.RESTART-1", Number, new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero), "text", ["Vimercate Info"]);
        var optOut = new InboundMessage("wamid.RESTART-2", Number, new DateTimeOffset(2026, 3, 9, 8, 0, 0, TimeSpan.Zero), "text", ["stop"]);
        await using (var before = await PostgresTestCluster.StartAsync(database.ConnectionString, clusterId, serviceId))
        {
            var subscriber = before.Client.GetGrain<ISubscriberGrain>(Number);
            Assert.Equal(InboundOutcome.Subscribed, await subscriber.HandleAsync(optIn));
            Assert.Equal(InboundOutcome.Unsubscribed, await subscriber.HandleAsync(optOut));
            await before.StopAllSilosAsync();
        }

        await using var after = await PostgresTestCluster.StartAsync(database.ConnectionString, clusterId, serviceId);
        var view = await after.Client.GetGrain<ISubscriberGrain>(Number).GetAsync();

        Assert.False(view.IsSubscribed);
        Assert.Equal([ConsentAction.OptIn, ConsentAction.OptOut], view.ConsentHistory.Select(entry => entry.Action));
        Assert.Equal([DevelopmentHasher.HashMessageId(optIn.Wamid), DevelopmentHasher.HashMessageId(optOut.Wamid)], view.ConsentHistory.Select(entry => entry.WamidHash));
        Assert.Equal(optOut.Timestamp, view.LastInboundAt);
        var stateNames = await new OrleansTables(database.ConnectionString).StateNamesAsync(serviceId);
        Assert.Contains("subscriber", stateNames);
        Assert.False(await after.Client.GetAudienceShard(PhoneNumbers.ToKey(Number), new AudienceOptions().ShardCount).ContainsAsync(PhoneNumbers.ToKey(Number)));
    }

    [Fact]
    public async Task SubscriptionsCampaignsAndTheWeeksQuotaSurviveAFullRestartAndAScheduledCampaignFiresAfterIt()
    {
        var clusterId = $"cluster-{Guid.NewGuid():N}";
        var serviceId = $"service-{Guid.NewGuid():N}";
        string[] citizens = ["393331110001", "393331110002", "393331110003", "393331110004", "393331110005"];
        var leaver = citizens[^1];
        var stayers = citizens[..^1];
        using var whatsApp = ClusterWhatsApp.Open(clusterId);
        var clock = Stopwatch.StartNew();

        Dictionary<string, SubscriberView> subscribersBefore;
        CampaignView sentBefore;
        CampaignView scheduledBefore;
        IReadOnlyList<QuotaView> quotaBefore;
        IReadOnlyList<IReadOnlyList<QuotaReservation>> reservationsBefore;
        string[] weeks;
        DateTimeOffset stoppedAt;
        await using (var before = await StartAsync(clusterId, serviceId))
        {
            foreach (var (number, i) in citizens.Select((number, i) => (number, i)))
            {
                var optIn = new InboundMessage($"wamid.RESTART-IN-{i}", number, DateTimeOffset.UtcNow, "text", ["Vimercate Info"]);
                Assert.Equal(InboundOutcome.Subscribed, await before.Client.GetGrain<ISubscriberGrain>(number).HandleAsync(optIn));
            }

            var optOut = new InboundMessage("wamid.RESTART-OUT", leaver, DateTimeOffset.UtcNow, "text", ["stop"]);
            Assert.Equal(InboundOutcome.Unsubscribed, await before.Client.GetGrain<ISubscriberGrain>(leaver).HandleAsync(optOut));

            var scheduler = before.GetSiloServiceProvider().GetRequiredService<CampaignScheduler>();
            var now = DateTimeOffset.UtcNow;
            var sendNow = Draft("Chiusura via Cavour", null);
            var sendLater = Draft("Allerta meteo", now.AddSeconds(30));
            weeks = [.. new[] { scheduler.WeekOf(sendNow).Key, scheduler.WeekOf(sendLater).Key }.Distinct()];
            Assert.True((await scheduler.SubmitAsync("restart-now", sendNow)).Accepted);
            Assert.True((await scheduler.SubmitAsync("restart-later", sendLater)).Accepted);
            sentBefore = await FinishedAsync(before, "restart-now", TimeSpan.FromSeconds(60));

            subscribersBefore = await SubscribersAsync(before, citizens);
            scheduledBefore = (await before.Client.GetGrain<IBroadcastGrain>("restart-later").GetAsync())!;
            quotaBefore = await Task.WhenAll(weeks.Select(week => before.Client.GetGrain<IQuotaGrain>(week).GetAsync()));
            reservationsBefore = await Task.WhenAll(weeks.Select(week => before.Client.GetGrain<IQuotaGrain>(week).ListAsync()));
            await before.StopAllSilosAsync();
            stoppedAt = DateTimeOffset.UtcNow;
        }

        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: cluster stopped, the scheduled campaign is due at {scheduledBefore.ScheduledAt:O} ({(scheduledBefore.ScheduledAt!.Value - stoppedAt).TotalSeconds:0} s later)");
        Assert.Equal(CampaignStatus.Completed, sentBefore.Status);
        Assert.Equal(new CampaignCounts(stayers.Length, 0, stayers.Length, 0, 0, 0), sentBefore.Counts);
        Assert.Equal(CampaignStatus.Scheduled, scheduledBefore.Status);
        Assert.True(scheduledBefore.ScheduledAt > stoppedAt, "the cluster stopped after the campaign was due; give the schedule more room");
        Assert.Empty(whatsApp.Recorder.SendsOf("restart-later"));
        Assert.Equal(2, quotaBefore.Sum(quota => quota.Used));

        await using var after = await StartAsync(clusterId, serviceId);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: cluster restarted");

        var subscribersAfter = await SubscribersAsync(after, citizens);
        Assert.All(citizens, number =>
        {
            Assert.Equal(subscribersBefore[number].IsSubscribed, subscribersAfter[number].IsSubscribed);
            Assert.Equal(subscribersBefore[number].ConsentHistory, subscribersAfter[number].ConsentHistory);
        });
        Assert.Equal(stayers, citizens.Where(number => subscribersAfter[number].IsSubscribed));
        Assert.Equal([ConsentAction.OptIn, ConsentAction.OptOut], subscribersAfter[leaver].ConsentHistory.Select(entry => entry.Action));
        var audience = await Task.WhenAll(Enumerable.Range(0, ShardCount).Select(shard => after.Client.GetGrain<IAudienceShardGrain>(shard).CountAsync()));
        Assert.Equal(stayers.Length, audience.Sum());
        Assert.Equal(sentBefore, await after.Client.GetGrain<IBroadcastGrain>("restart-now").GetAsync());
        Assert.Equal(quotaBefore, await Task.WhenAll(weeks.Select(week => after.Client.GetGrain<IQuotaGrain>(week).GetAsync())));
        var reservationsAfter = await Task.WhenAll(weeks.Select(week => after.Client.GetGrain<IQuotaGrain>(week).ListAsync()));
        Assert.Equal(reservationsBefore.SelectMany(week => week), reservationsAfter.SelectMany(week => week));
        var index = await after.Client.GetGrain<ICampaignIndexGrain>(0).ListAsync(1, 10, null);
        Assert.Equal(["restart-later", "restart-now"], index.CampaignIds.Order(StringComparer.Ordinal));

        var fired = await FinishedAsync(after, "restart-later", TimeSpan.FromMinutes(3));
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: the scheduled campaign started {(fired.StartedAt!.Value - fired.ScheduledAt!.Value).TotalSeconds:0.0} s after its time and {fired.Status}");
        Assert.Equal(CampaignStatus.Completed, fired.Status);
        Assert.True(fired.StartedAt > stoppedAt, $"the scheduled campaign started at {fired.StartedAt:O}, before the restart");
        Assert.True(fired.StartedAt >= fired.ScheduledAt - TimeSpan.FromSeconds(1), $"the scheduled campaign started at {fired.StartedAt:O}, before its time");
        Assert.Equal(new CampaignCounts(stayers.Length, 0, stayers.Length, 0, 0, 0), fired.Counts);
        Assert.Equal(stayers.ToDictionary(number => number, _ => 1), whatsApp.Recorder.PerRecipient("restart-later"));
    }

    private Task<TestCluster> StartAsync(string clusterId, string serviceId) =>
        PostgresTestCluster.StartAsync(database.ConnectionString, clusterId, serviceId, settings: BroadcastSettings, configure: ClusterWhatsApp.Configure);

    private static CampaignDraft Draft(string title, DateTimeOffset? scheduledAt) =>
        new(title, $"{title}: aggiornamenti sul sito del Comune.", CampaignCategory.News, null, scheduledAt, null, "editor");

    private static async Task<Dictionary<string, SubscriberView>> SubscribersAsync(TestCluster cluster, IEnumerable<string> numbers)
    {
        var views = await Task.WhenAll(numbers.Select(number => cluster.Client.GetGrain<ISubscriberGrain>(number).GetAsync()));
        return views.ToDictionary(view => view.Number);
    }

    private static async Task<CampaignView> FinishedAsync(TestCluster cluster, string id, TimeSpan timeout) =>
        (await Eventually.UntilAsync(
            () => cluster.Client.GetGrain<IBroadcastGrain>(id).GetAsync(),
            view => view?.Status is CampaignStatus.Completed or CampaignStatus.Cancelled or CampaignStatus.Failed,
            $"campaign {id} to finish",
            timeout))!;
}
