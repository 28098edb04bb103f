using Vimercate.Abstractions;
using Vimercate.Grains.Tests.Infrastructure;
using Vimercate.Messaging;
using Vimercate.Subscribers;

namespace Vimercate.Grains.Tests;

/// <summary>A reply that cannot be sent now is retried later, survives a deactivation, and is never sent twice.</summary>
[Collection(CitizenCollection.Name)]
public sealed class ReplyDeliveryTests(CitizenCluster cluster)
{
    private static readonly SendResult TryLater = new(SendOutcome.RetryLater, ErrorCode: 131000, Error: "Something went wrong");

    private DateTimeOffset Now => cluster.Time.GetUtcNow();

    [Fact]
    public async Task ReplyThatMustWaitIsRetriedAndDeliveredExactlyOnce()
    {
        var number = CitizenCluster.NewNumber();
        cluster.Sender.Script(number, TryLater);

        Assert.Equal(InboundOutcome.Subscribed, await cluster.Subscriber(number).HandleAsync(Inbound.Text(number, "Vimercate Info", Now)));
        await WaitForAttemptsAsync(number, 1);
        var waiting = await cluster.Subscriber(number).GetAsync();

        Assert.Equal(1, waiting.PendingReplies);
        Assert.Empty(cluster.TextsTo(number));

        cluster.Time.Advance(TimeSpan.FromSeconds(5));
        await cluster.SettledAsync(number);
        Assert.Equal([cluster.Replies.For(ReplyKind.Welcome)], cluster.TextsTo(number));
        Assert.Equal(2, cluster.Sender.AttemptsTo(number));
    }

    [Fact]
    public async Task RetryWaitsAsLongAsWhatsAppAsks()
    {
        var number = CitizenCluster.NewNumber();
        cluster.Sender.Script(number, TryLater with { ErrorCode = 131056, RetryAfter = TimeSpan.FromSeconds(30) });

        await cluster.Subscriber(number).HandleAsync(Inbound.Text(number, "Vimercate Info", Now));
        await WaitForAttemptsAsync(number, 1);
        await cluster.Subscriber(number).GetAsync();
        cluster.Time.Advance(TimeSpan.FromSeconds(29));

        Assert.Equal(1, (await cluster.Subscriber(number).GetAsync()).PendingReplies);
        Assert.Equal(1, cluster.Sender.AttemptsTo(number));

        cluster.Time.Advance(TimeSpan.FromSeconds(1));
        await cluster.SettledAsync(number);
        Assert.Single(cluster.TextsTo(number));
        Assert.Equal(2, cluster.Sender.AttemptsTo(number));
    }

    [Theory]
    [InlineData(SendOutcome.Failed, 131026)]
    [InlineData(SendOutcome.Halted, 190)]
    public async Task ReplyWhatsAppRefusesIsAttemptedOnceOnly(SendOutcome outcome, int errorCode)
    {
        var number = CitizenCluster.NewNumber();
        cluster.Sender.Script(number, new SendResult(outcome, ErrorCode: errorCode, Error: "refused"));

        Assert.Equal(InboundOutcome.Subscribed, await cluster.Subscriber(number).HandleAsync(Inbound.Text(number, "Vimercate Info", Now)));
        await cluster.SettledAsync(number);
        cluster.Time.Advance(TimeSpan.FromMinutes(10));
        var view = await cluster.Subscriber(number).GetAsync();

        Assert.True(view.IsSubscribed);
        Assert.Equal(0, view.PendingReplies);
        Assert.Equal(1, cluster.Sender.AttemptsTo(number));
        Assert.Empty(cluster.TextsTo(number));
    }

    [Fact]
    public async Task PendingReplySurvivesDeactivationAndIsDeliveredOnReactivation()
    {
        var number = CitizenCluster.NewNumber();
        var grain = cluster.Subscriber(number);
        cluster.Sender.Script(number, TryLater);
        await grain.HandleAsync(Inbound.Text(number, "Vimercate Info", Now));
        await WaitForAttemptsAsync(number, 1);
        Assert.Equal(1, (await grain.GetAsync()).PendingReplies);

        await cluster.Cluster.DeactivateAsync(grain);
        var reactivated = await cluster.SettledAsync(number);

        Assert.True(reactivated.IsSubscribed);
        Assert.Equal([cluster.Replies.For(ReplyKind.Welcome)], cluster.TextsTo(number));
        Assert.Equal(2, cluster.Sender.AttemptsTo(number));
    }

    [Fact]
    public async Task ReminderDeliversAPendingReplyOfADeactivatedGrainWithoutAnyFurtherMessage()
    {
        var number = CitizenCluster.NewNumber();
        var grain = cluster.Subscriber(number);
        cluster.Sender.Script(number, TryLater);
        await grain.HandleAsync(Inbound.Text(number, "Vimercate Info", Now));
        await WaitForAttemptsAsync(number, 1);
        await grain.GetAsync();

        await cluster.Cluster.DeactivateAsync(grain);
        cluster.Time.Advance(ReplyOutbox.ReminderPeriod);

        await Eventually.UntilAsync(() => cluster.TextsTo(number).Count == 1, "the reminder to deliver the welcome");
        Assert.Equal([cluster.Replies.For(ReplyKind.Welcome)], cluster.TextsTo(number));
        Assert.Equal(0, (await cluster.SettledAsync(number)).PendingReplies);
    }

    [Fact]
    public async Task RepliesLeaveOneAtATimeInTheOrderTheyWereOwed()
    {
        var number = CitizenCluster.NewNumber();
        var grain = cluster.Subscriber(number);
        cluster.Sender.Script(number, TryLater);

        await grain.HandleAsync(Inbound.Text(number, "Vimercate Info", Now));
        await WaitForAttemptsAsync(number, 1);
        await grain.HandleAsync(Inbound.Text(number, "stop", Now.AddSeconds(1)));
        await grain.HandleAsync(Inbound.Text(number, "Vimercate Info", Now.AddSeconds(2)));
        Assert.Equal(3, (await grain.GetAsync()).PendingReplies);
        Assert.Equal(1, cluster.Sender.AttemptsTo(number));

        cluster.Time.Advance(TimeSpan.FromSeconds(5));
        await cluster.SettledAsync(number);

        Assert.Equal(
            [cluster.Replies.For(ReplyKind.Welcome), cluster.Replies.For(ReplyKind.Unsubscribed), cluster.Replies.For(ReplyKind.Welcome)],
            cluster.TextsTo(number));
    }

    [Fact]
    public async Task ReplyStillUndeliverableAfterADayIsDropped()
    {
        var number = CitizenCluster.NewNumber();
        cluster.Sender.Script(number, Enumerable.Repeat(TryLater, 2000).ToArray());

        await cluster.Subscriber(number).HandleAsync(Inbound.Text(number, "Vimercate Info", Now));
        await WaitForAttemptsAsync(number, 1);
        await cluster.Subscriber(number).GetAsync();
        cluster.Time.Advance(ReplyOutbox.ReplyLifetime);

        var view = await cluster.SettledAsync(number);
        Assert.True(view.IsSubscribed);
        Assert.Empty(cluster.TextsTo(number));
    }

    private Task WaitForAttemptsAsync(string number, int attempts) =>
        Eventually.UntilAsync(() => cluster.Sender.AttemptsTo(number) >= attempts, $"{attempts} send attempt(s) to {number}");
}
