using Vimercate.Abstractions;
using Vimercate.Grains.Tests.Infrastructure;
using Vimercate.Subscribers;
using Vimercate.Testing.Cluster;

namespace Vimercate.Grains.Tests;

/// <summary>Meta delivers duplicates and out of order, and a silo can die mid-way: one wamid acts once, the later timestamp wins.</summary>
[Collection(CitizenCollection.Name)]
public sealed class DeliveryOrderTests(CitizenCluster cluster)
{
    private DateTimeOffset Now => cluster.Time.GetUtcNow();

    [Fact]
    public async Task DuplicatedWamidIsHandledOnceWithOneReply()
    {
        var number = CitizenCluster.NewNumber();
        var message = Inbound.Text(number, "Vimercate Info", Now);
        var grain = cluster.Subscriber(number);

        var first = await grain.HandleAsync(message);
        var second = await grain.HandleAsync(message);
        await cluster.SettledAsync(number);
        var third = await grain.HandleAsync(message);

        Assert.Equal([InboundOutcome.Subscribed, InboundOutcome.Duplicate, InboundOutcome.Duplicate], [first, second, third]);
        var view = await cluster.SettledAsync(number);
        Assert.Single(view.ConsentHistory);
        Assert.Equal([cluster.Replies.For(ReplyKind.Welcome)], cluster.TextsTo(number));
    }

    [Fact]
    public async Task DuplicatedAutoReplyTriggerIsAnsweredOnce()
    {
        var number = CitizenCluster.NewNumber();
        var message = Inbound.Text(number, "Ciao", Now);

        await cluster.Subscriber(number).HandleAsync(message);
        var again = await cluster.Subscriber(number).HandleAsync(message);

        Assert.Equal(InboundOutcome.Duplicate, again);
        await cluster.SettledAsync(number);
        Assert.Single(cluster.TextsTo(number));
    }

    [Fact]
    public async Task LaterOptOutDeliveredBeforeEarlierOptInLeavesTheNumberUnsubscribed()
    {
        var number = CitizenCluster.NewNumber();
        var optIn = Inbound.Text(number, "Vimercate Info", Now.AddSeconds(-30));
        var optOut = Inbound.Text(number, "stop", Now.AddSeconds(-10));
        var grain = cluster.Subscriber(number);

        Assert.Equal(InboundOutcome.NotSubscribed, await grain.HandleAsync(optOut));
        Assert.Equal(InboundOutcome.Stale, await grain.HandleAsync(optIn));

        var view = await cluster.SettledAsync(number);
        Assert.False(view.IsSubscribed);
        Assert.Empty(view.ConsentHistory);
        Assert.False(await cluster.InAudienceAsync(number));
        Assert.Equal([cluster.Replies.For(ReplyKind.NotSubscribed)], cluster.TextsTo(number));
    }

    [Fact]
    public async Task LaterOptInDeliveredBeforeEarlierOptOutLeavesTheNumberSubscribed()
    {
        var number = CitizenCluster.NewNumber();
        var optOut = Inbound.Text(number, "Vimercate stop", Now.AddSeconds(-30));
        var optIn = Inbound.Text(number, "Vimercate Info", Now.AddSeconds(-10));
        var grain = cluster.Subscriber(number);

        Assert.Equal(InboundOutcome.Subscribed, await grain.HandleAsync(optIn));
        Assert.Equal(InboundOutcome.Stale, await grain.HandleAsync(optOut));

        var view = await cluster.SettledAsync(number);
        Assert.True(view.IsSubscribed);
        Assert.Equal([ConsentAction.OptIn], view.ConsentHistory.Select(c => c.Action));
        Assert.True(await cluster.InAudienceAsync(number));
        Assert.Equal([cluster.Replies.For(ReplyKind.Welcome)], cluster.TextsTo(number));
    }

    [Fact]
    public async Task NumberChangeNoticeOlderThanANewOptInLeavesTheNewOwnerSubscribed()
    {
        var number = CitizenCluster.NewNumber();
        var grain = cluster.Subscriber(number);
        var notice = Inbound.NumberChanged(number, CitizenCluster.NewNumber(), Now.AddDays(-2));

        Assert.Equal(InboundOutcome.Subscribed, await grain.HandleAsync(Inbound.Text(number, "Vimercate Info", Now)));
        Assert.Equal(InboundOutcome.Stale, await grain.HandleAsync(notice));

        Assert.True((await cluster.SettledAsync(number)).IsSubscribed);
        Assert.True(await cluster.InAudienceAsync(number));
    }

    [Fact]
    public async Task CrashAfterRecordingAnOptInIsCompletedByMetasRetryWithOneWelcome()
    {
        var number = CitizenCluster.NewNumber();
        var message = Inbound.Text(number, "Vimercate Info", Now);
        cluster.Faults.FailNext("AddAsync", PhoneNumbers.ToKey(number), FaultTiming.Before);

        var crash = await Assert.ThrowsAnyAsync<Exception>(() => cluster.Subscriber(number).HandleAsync(message));

        Assert.Contains("Injected fault", crash.Message);
        var recorded = await cluster.Subscriber(number).GetAsync();
        Assert.True(recorded.IsSubscribed);
        Assert.Single(recorded.ConsentHistory);
        Assert.False(await cluster.InAudienceAsync(number));

        Assert.Equal(InboundOutcome.Duplicate, await cluster.Subscriber(number).HandleAsync(message));

        Assert.True(await cluster.InAudienceAsync(number));
        await cluster.SettledAsync(number);
        Assert.Equal([cluster.Replies.For(ReplyKind.Welcome)], cluster.TextsTo(number));
    }

    [Fact]
    public async Task CrashRightAfterLeavingTheAudienceIsCompletedByMetasRetryWithOneConfirmation()
    {
        var number = CitizenCluster.NewNumber();
        var grain = cluster.Subscriber(number);
        await grain.HandleAsync(Inbound.Text(number, "Vimercate Info", Now.AddMinutes(-1)));
        await cluster.SettledAsync(number);
        var optOut = Inbound.Text(number, "stop", Now);
        cluster.Faults.FailNext("RemoveAsync", PhoneNumbers.ToKey(number), FaultTiming.After);

        await Assert.ThrowsAnyAsync<Exception>(() => grain.HandleAsync(optOut));

        Assert.False(await cluster.InAudienceAsync(number));
        Assert.Single((await grain.GetAsync()).ConsentHistory);
        Assert.Single(cluster.TextsTo(number));

        Assert.Equal(InboundOutcome.Unsubscribed, await grain.HandleAsync(optOut));

        var view = await cluster.SettledAsync(number);
        Assert.False(view.IsSubscribed);
        Assert.Equal([ConsentAction.OptIn, ConsentAction.OptOut], view.ConsentHistory.Select(c => c.Action));
        Assert.False(await cluster.InAudienceAsync(number));
        Assert.Equal(cluster.Replies.For(ReplyKind.Unsubscribed), Assert.Single(cluster.TextsTo(number).Skip(1)));
    }

    [Fact]
    public async Task OptOutThatCannotReachItsShardRecordsNothingAndSendsNothing()
    {
        var number = CitizenCluster.NewNumber();
        var grain = cluster.Subscriber(number);
        await grain.HandleAsync(Inbound.Text(number, "Vimercate Info", Now.AddMinutes(-1)));
        await cluster.SettledAsync(number);
        cluster.Faults.FailNext("RemoveAsync", PhoneNumbers.ToKey(number), FaultTiming.Before);

        await Assert.ThrowsAnyAsync<Exception>(() => grain.HandleAsync(Inbound.Text(number, "stop", Now)));

        var view = await grain.GetAsync();
        Assert.True(view.IsSubscribed);
        Assert.Equal(0, view.PendingReplies);
        Assert.Single(view.ConsentHistory);
        Assert.Single(cluster.TextsTo(number));
    }

    [Fact]
    public async Task AutoReplyGoesOutAtMostOncePerDay()
    {
        var number = CitizenCluster.NewNumber();
        var grain = cluster.Subscriber(number);

        Assert.Equal(InboundOutcome.AutoReplied, await grain.HandleAsync(Inbound.Text(number, "Ciao", Now)));
        await cluster.SettledAsync(number);
        cluster.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(InboundOutcome.AutoReplySuppressed, await grain.HandleAsync(Inbound.Text(number, "C'è qualcuno?", Now)));
        cluster.Time.Advance(TimeSpan.FromHours(23) - TimeSpan.FromSeconds(1));
        Assert.Equal(InboundOutcome.AutoReplySuppressed, await grain.HandleAsync(Inbound.Of("image", number, Now)));
        cluster.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(InboundOutcome.AutoReplied, await grain.HandleAsync(Inbound.Text(number, "Ciao di nuovo", Now)));

        await cluster.SettledAsync(number);
        var autoReply = cluster.Replies.For(ReplyKind.AutoReply);
        Assert.Equal([autoReply, autoReply], cluster.TextsTo(number));
    }
}
