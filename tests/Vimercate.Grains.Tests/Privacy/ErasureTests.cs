using Vimercate.Abstractions;
using Vimercate.Grains.Tests.Infrastructure;
using Vimercate.Messaging;
using Vimercate.Subscribers;

namespace Vimercate.Grains.Tests.Privacy;

/// <summary>The data protection officer's erasure: out of the audience at once, nothing more sent, history archived under the hash.</summary>
[Collection(PrivacyCollection.Name)]
public sealed class ErasureTests(PrivacyCluster cluster)
{
    private static readonly Vimercate.Privacy.NumberHasher DevelopmentHasher =
        new(Microsoft.Extensions.Options.Options.Create(new Vimercate.Privacy.PrivacyOptions()));

    private static readonly SendResult TryLater = new(SendOutcome.RetryLater, ErrorCode: 131000, Error: "Something went wrong");

    private DateTimeOffset Now => cluster.Time.GetUtcNow();

    [Fact]
    public async Task ErasureTakesTheNumberOutOfTheAudienceDropsItsPendingRepliesAndClearsItsState()
    {
        var number = CitizenCluster.NewNumber();
        cluster.Sender.Script(number, TryLater);
        var optIn = Inbound.Text(number, "Vimercate Info", Now.AddSeconds(-5));
        await cluster.Subscriber(number).HandleAsync(optIn);
        await Eventually.UntilAsync(() => cluster.Sender.AttemptsTo(number) == 1, "the welcome's first attempt");
        Assert.Equal(1, (await cluster.Subscriber(number).GetAsync()).PendingReplies);

        var outcome = await cluster.Subscriber(number).EraseAsync("dpo-office");

        Assert.Equal(ErasureOutcome.Erased, outcome);
        Assert.False(await cluster.InAudienceAsync(number));
        Assert.False(await cluster.SubscriberStoredAsync(number));
        cluster.Time.Advance(TimeSpan.FromMinutes(5));
        await cluster.Subscriber(number).GetAsync();
        Assert.Equal(1, cluster.Sender.AttemptsTo(number));
        Assert.Empty(cluster.TextsTo(number));

        var export = await cluster.Subscriber(number).ExportAsync();
        Assert.Null(export.Current);
        var archived = Assert.IsType<ArchivedConsent>(export.Archived);
        Assert.Equal([ConsentAction.OptIn, ConsentAction.Erased], archived.History.Select(record => record.Action));
        Assert.Equal(DevelopmentHasher.HashMessageId(optIn.Wamid), archived.History[0].WamidHash);
        Assert.Equal("dpo-office", archived.History[1].RequestedBy);
        Assert.Equal(archived.History[1].RecordedAt.AddDays(730), archived.DeleteAt);
    }

    [Fact]
    public async Task ErasingTwiceChangesNothingTheSecondTime()
    {
        var number = CitizenCluster.NewNumber();
        await cluster.Subscriber(number).HandleAsync(Inbound.Text(number, "Vimercate Info", Now));
        await cluster.SettledAsync(number);
        Assert.Equal(ErasureOutcome.Erased, await cluster.Subscriber(number).EraseAsync("dpo-office"));
        var first = await cluster.ArchiveOf(number).GetAsync();

        cluster.Time.Advance(TimeSpan.FromHours(1));
        var again = await cluster.Subscriber(number).EraseAsync("dpo-office");

        Assert.Equal(ErasureOutcome.NothingHeld, again);
        var second = await cluster.ArchiveOf(number).GetAsync();
        Assert.NotNull(second);
        Assert.Equal(first!.History, second.History);
        Assert.Equal(first.DeleteAt, second.DeleteAt);
        Assert.False(await cluster.InAudienceAsync(number));
    }

    [Fact]
    public async Task ErasingANumberNeverSeenHoldsNothingAndArchivesNothing()
    {
        var number = CitizenCluster.NewNumber();

        Assert.Equal(ErasureOutcome.NothingHeld, await cluster.Subscriber(number).EraseAsync("dpo-office"));

        var export = await cluster.Subscriber(number).ExportAsync();
        Assert.False(export.IsKnown);
        Assert.False(await cluster.ArchiveStoredAsync(number));
    }

    [Fact]
    public async Task ErasingANumberWhoseStateIsGoneUnregistersTheRemindersLeftUnderItsNumber()
    {
        // A crash after the state was cleared and before its reminders were retired leaves rows keyed by the number.
        var number = CitizenCluster.NewNumber();
        await cluster.LeaveReminderAsync(number, NumberRetention.ReminderName, NumberRetention.CheckPeriod);
        await cluster.LeaveReminderAsync(number, ReplyOutbox.ReminderName, ReplyOutbox.ReminderPeriod);
        Assert.Equal([ReplyOutbox.ReminderName, NumberRetention.ReminderName], await cluster.RemindersOfAsync(number));

        var outcome = await cluster.Subscriber(number).EraseAsync("dpo-office");

        Assert.Equal(ErasureOutcome.NothingHeld, outcome);
        Assert.Empty(await cluster.RemindersOfAsync(number));
        Assert.False(await cluster.SubscriberStoredAsync(number));
    }

    [Fact]
    public async Task OptInSentBeforeTheErasureButDeliveredAfterItDoesNotSubscribeAgain()
    {
        var number = CitizenCluster.NewNumber();
        await cluster.Subscriber(number).HandleAsync(Inbound.Text(number, "Vimercate Info", Now.AddMinutes(-10)));
        await cluster.SettledAsync(number);
        var lateRedelivery = Inbound.Text(number, "Vimercate Info", Now.AddMinutes(-1));
        await cluster.Subscriber(number).EraseAsync("dpo-office");

        var outcome = await cluster.Subscriber(number).HandleAsync(lateRedelivery);

        Assert.Equal(InboundOutcome.Stale, outcome);
        Assert.False(await cluster.InAudienceAsync(number));
        Assert.Single(cluster.TextsTo(number));
    }

    [Fact]
    public async Task AnErasedCitizenCanSubscribeAgainWithANewMessage()
    {
        var number = CitizenCluster.NewNumber();
        await cluster.Subscriber(number).HandleAsync(Inbound.Text(number, "Vimercate Info", Now.AddMinutes(-10)));
        await cluster.SettledAsync(number);
        await cluster.Subscriber(number).EraseAsync("dpo-office");
        cluster.Time.Advance(TimeSpan.FromMinutes(1));

        var outcome = await cluster.Subscriber(number).HandleAsync(Inbound.Text(number, "Vimercate Info", Now));

        Assert.Equal(InboundOutcome.Subscribed, outcome);
        Assert.True(await cluster.InAudienceAsync(number));
        var export = await cluster.Subscriber(number).ExportAsync();
        Assert.Equal([ConsentAction.OptIn], export.Current!.ConsentHistory.Select(record => record.Action));
        Assert.Equal([ConsentAction.OptIn, ConsentAction.Erased], export.Archived!.History.Select(record => record.Action));
    }
}
