using Microsoft.Extensions.DependencyInjection;
using Vimercate.Abstractions;
using Vimercate.Audience;
using Vimercate.Grains.Tests.Infrastructure;
using Vimercate.Idempotency;
using Vimercate.Messaging;
using Vimercate.Privacy;
using Vimercate.Statistics;
using Vimercate.Storage;
using Vimercate.Subscribers;
using Vimercate.Testing.Cluster;

namespace Vimercate.Grains.Tests;

/// <summary>
/// A write of grain state fails at each step of opt-in, opt-out, erasure and quota reservation: the caller learns it
/// failed, a later activation sees only what was stored, and the retry (Meta's redelivery, the press office repeating
/// the request) finishes the work once.
/// </summary>
[Collection(CitizenCollection.Name)]
public sealed class StorageFailureTests(CitizenCluster cluster)
{
    private static readonly Vimercate.Privacy.NumberHasher DevelopmentHasher =
        new(Microsoft.Extensions.Options.Options.Create(new Vimercate.Privacy.PrivacyOptions()));

    private static int _nextWeek;

    private DateTimeOffset Now => cluster.Time.GetUtcNow();

    private string Welcome => cluster.Replies.For(ReplyKind.Welcome);

    [Theory]
    [InlineData(FaultTiming.Before)]
    [InlineData(FaultTiming.After)]
    public async Task OptInWhoseSubscriberWriteFailedIsCompletedByMetasRetryWithOneWelcomeAndOneCount(FaultTiming timing)
    {
        var number = CitizenCluster.NewNumber();
        var optIn = Inbound.Text(number, "Vimercate Info", Now);
        var counted = await CountedAsync(optIn);
        cluster.Storage.FailNext(cluster.Subscriber(number), StorageOperation.Write, timing);

        await Assert.ThrowsAsync<StorageUnavailableException>(() => cluster.Subscriber(number).HandleAsync(optIn));

        Assert.Equal(timing == FaultTiming.After, (await cluster.Subscriber(number).GetAsync()).IsSubscribed);
        Assert.False(await cluster.InAudienceAsync(number));
        Assert.Equal(counted, await CountedAsync(optIn));

        var retry = await cluster.Subscriber(number).HandleAsync(optIn);

        Assert.Equal(timing == FaultTiming.Before ? InboundOutcome.Subscribed : InboundOutcome.Duplicate, retry);
        Assert.True(await cluster.InAudienceAsync(number));
        Assert.True(await InStoredAudienceAsync(number));
        Assert.Single((await cluster.SettledAsync(number)).ConsentHistory);
        Assert.Equal([Welcome], cluster.TextsTo(number));
        Assert.Equal(counted with { OptIns = counted.OptIns + 1 }, await CountedAsync(optIn));
    }

    [Theory]
    [InlineData(FaultTiming.Before)]
    [InlineData(FaultTiming.After)]
    public async Task OptInWhoseAudienceWriteFailedReachesTheAudienceWithMetasRetry(FaultTiming timing)
    {
        var number = CitizenCluster.NewNumber();
        var optIn = Inbound.Text(number, "Vimercate Info", Now);
        cluster.Storage.FailNext(Shard(number), StorageOperation.Write, timing);

        await Assert.ThrowsAsync<StorageUnavailableException>(() => cluster.Subscriber(number).HandleAsync(optIn));

        Assert.True((await cluster.Subscriber(number).GetAsync()).IsSubscribed);
        Assert.Equal(timing == FaultTiming.After, await InStoredAudienceAsync(number));
        Assert.Equal(timing == FaultTiming.After, await cluster.InAudienceAsync(number));

        Assert.Equal(InboundOutcome.Duplicate, await cluster.Subscriber(number).HandleAsync(optIn));

        Assert.True(await InStoredAudienceAsync(number));
        Assert.True(await cluster.InAudienceAsync(number));
        await cluster.SettledAsync(number);
        Assert.Equal([Welcome], cluster.TextsTo(number));
    }

    [Fact]
    public async Task WelcomeWhoseRemovalFromTheOutboxFailedIsSentAgainRatherThanLost()
    {
        var number = CitizenCluster.NewNumber();
        var subscriber = cluster.Subscriber(number);
        cluster.Storage.FailNext(subscriber, StorageOperation.Write, FaultTiming.Before, skip: 1);

        Assert.Equal(InboundOutcome.Subscribed, await subscriber.HandleAsync(Inbound.Text(number, "Vimercate Info", Now)));
        await Eventually.UntilAsync(() => !cluster.Storage.IsArmed(subscriber, StorageOperation.Write), "the write after the welcome to fail");

        Assert.Equal([Welcome], cluster.TextsTo(number));
        Assert.Single((await StoredSubscriberAsync(number))!.Outbox);

        await cluster.SettledAsync(number);

        Assert.Equal([Welcome, Welcome], cluster.TextsTo(number));
        Assert.Empty((await StoredSubscriberAsync(number))!.Outbox);
    }

    [Theory]
    [InlineData("Vimercate Info", FaultTiming.Before)]
    [InlineData("Vimercate Info", FaultTiming.After)]
    [InlineData("stop", FaultTiming.Before)]
    [InlineData("stop", FaultTiming.After)]
    public async Task ConsentChangeWhoseCountFailedIsCountedOnceByMetasRetry(string text, FaultTiming timing)
    {
        var number = CitizenCluster.NewNumber();
        if (text == "stop")
        {
            await SubscribeAsync(number);
        }

        var message = Inbound.Text(number, text, Now);
        var counted = await CountedAsync(message);
        var once = text == "stop" ? counted with { OptOuts = counted.OptOuts + 1 } : counted with { OptIns = counted.OptIns + 1 };
        cluster.Storage.FailNext(Counter(message), StorageOperation.Write, timing);

        await Assert.ThrowsAsync<StorageUnavailableException>(() => cluster.Subscriber(number).HandleAsync(message));

        Assert.Equal(timing == FaultTiming.After ? once : counted, await CountedAsync(message));

        Assert.Equal(InboundOutcome.Duplicate, await cluster.Subscriber(number).HandleAsync(message));
        Assert.Equal(InboundOutcome.Duplicate, await cluster.Subscriber(number).HandleAsync(message));

        Assert.Equal(once, await CountedAsync(message));
        Assert.Equal(text != "stop", await cluster.InAudienceAsync(number));
    }

    [Theory]
    [InlineData(FaultTiming.Before)]
    [InlineData(FaultTiming.After)]
    public async Task OptOutWhoseAudienceWriteFailedIsTakenOutOfStorageByMetasRetry(FaultTiming timing)
    {
        var (number, optOut) = await OptOutFailingAtAsync(Shard, timing);

        Assert.Equal(timing == FaultTiming.Before, await InStoredAudienceAsync(number));
        Assert.Equal(timing == FaultTiming.Before, await cluster.InAudienceAsync(number));
        Assert.True((await cluster.Subscriber(number).GetAsync()).IsSubscribed);

        Assert.Equal(InboundOutcome.Unsubscribed, await cluster.Subscriber(number).HandleAsync(optOut));

        Assert.False(await InStoredAudienceAsync(number));
        Assert.False(await cluster.InAudienceAsync(number));
        Assert.False((await cluster.SettledAsync(number)).IsSubscribed);
        Assert.Equal([Welcome, cluster.Replies.For(ReplyKind.Unsubscribed)], cluster.TextsTo(number));
    }

    [Fact]
    public async Task OptOutWhoseSubscriberWriteFailedReachesNoCampaignAndIsRecordedByMetasRetry()
    {
        var (number, optOut) = await OptOutFailingAtAsync(cluster.Subscriber, FaultTiming.Before);

        Assert.False(await InStoredAudienceAsync(number));
        Assert.True((await cluster.Subscriber(number).GetAsync()).IsSubscribed);

        Assert.Equal(InboundOutcome.Unsubscribed, await cluster.Subscriber(number).HandleAsync(optOut));

        var view = await cluster.SettledAsync(number);
        Assert.Equal([ConsentAction.OptIn, ConsentAction.OptOut], view.ConsentHistory.Select(record => record.Action));
        Assert.False(await InStoredAudienceAsync(number));
        Assert.Equal([Welcome, cluster.Replies.For(ReplyKind.Unsubscribed)], cluster.TextsTo(number));
    }

    [Fact]
    public async Task OptOutWhoseArchiveWriteFailedIsArchivedByMetasRetry()
    {
        var (number, optOut) = await OptOutFailingAtAsync(Archive, FaultTiming.Before);

        var export = await cluster.Subscriber(number).ExportAsync();
        Assert.False(export.Current!.IsSubscribed);
        Assert.Null(export.Archived);

        Assert.Equal(InboundOutcome.Duplicate, await cluster.Subscriber(number).HandleAsync(optOut));

        var archived = (await cluster.Subscriber(number).ExportAsync()).Archived;
        Assert.Equal([ConsentAction.OptIn, ConsentAction.OptOut], archived!.History.Select(record => record.Action));
        Assert.False(await InStoredAudienceAsync(number));
    }

    [Fact]
    public async Task ErasureWhoseAudienceWriteFailedChangesNothingAndIsFinishedWhenRepeated()
    {
        var number = CitizenCluster.NewNumber();
        await SubscribeAsync(number);
        cluster.Storage.FailNext(Shard(number), StorageOperation.Write, FaultTiming.Before);

        await Assert.ThrowsAsync<StorageUnavailableException>(() => cluster.Subscriber(number).EraseAsync("dpo-office"));

        Assert.True(await InStoredAudienceAsync(number));
        Assert.True((await cluster.Subscriber(number).GetAsync()).IsSubscribed);

        Assert.Equal(ErasureOutcome.Erased, await cluster.Subscriber(number).EraseAsync("dpo-office"));

        await AssertErasedAsync(number);
    }

    [Theory]
    [InlineData(StorageOperation.Write)]
    [InlineData(StorageOperation.Clear)]
    public async Task ErasureThatFailedAfterLeavingTheAudienceReachesNobodyAndIsFinishedWhenRepeated(StorageOperation failing)
    {
        var number = CitizenCluster.NewNumber();
        cluster.Sender.Script(number, new SendResult(SendOutcome.RetryLater, ErrorCode: 131000, Error: "Something went wrong"));
        await cluster.Subscriber(number).HandleAsync(Inbound.Text(number, "Vimercate Info", Now));
        await Eventually.UntilAsync(() => cluster.Sender.AttemptsTo(number) == 1, "the welcome's first attempt");
        IAddressable failingGrain = failing == StorageOperation.Write ? Archive(number) : cluster.Subscriber(number);
        cluster.Storage.FailNext(failingGrain, failing, FaultTiming.Before);

        await Assert.ThrowsAsync<StorageUnavailableException>(() => cluster.Subscriber(number).EraseAsync("dpo-office"));

        Assert.False(await InStoredAudienceAsync(number));
        Assert.Single((await StoredSubscriberAsync(number))!.Outbox);

        Assert.Equal(ErasureOutcome.Erased, await cluster.Subscriber(number).EraseAsync("dpo-office"));

        await AssertErasedAsync(number);
        Assert.Empty(cluster.TextsTo(number));
    }

    [Theory]
    [InlineData(FaultTiming.Before)]
    [InlineData(FaultTiming.After)]
    public async Task ReservationWhoseWriteFailedIsNotCountedFromMemoryAndTheWeekNeverAcceptsAnEleventh(FaultTiming timing)
    {
        var quota = cluster.Client.GetGrain<IQuotaGrain>(NewWeek());
        for (var i = 1; i <= 9; i++)
        {
            Assert.True((await quota.ReserveAsync(News($"cmp_{i}"))).Accepted);
        }

        cluster.Storage.FailNext(quota, StorageOperation.Write, timing);

        await Assert.ThrowsAsync<StorageUnavailableException>(() => quota.ReserveAsync(News("cmp_10")));

        Assert.Equal(timing == FaultTiming.After ? 10 : 9, (await quota.GetAsync()).Used);
        Assert.True((await quota.ReserveAsync(News("cmp_10"))).Accepted);
        Assert.False((await quota.ReserveAsync(News("cmp_11"))).Accepted);

        await cluster.Cluster.DeactivateAsync(quota);

        Assert.Equal(10, (await quota.GetAsync()).Used);
        Assert.False((await quota.ReserveAsync(News("cmp_12"))).Accepted);
        Assert.Equal(10, (await quota.ListAsync()).Count);
    }

    [Fact]
    public async Task ReleaseWhoseWriteFailedKeepsTheSlotTakenUntilRepeated()
    {
        var quota = cluster.Client.GetGrain<IQuotaGrain>(NewWeek());
        await quota.ReserveAsync(News("cmp_cancelled"));
        cluster.Storage.FailNext(quota, StorageOperation.Write, FaultTiming.Before);

        await Assert.ThrowsAsync<StorageUnavailableException>(() => quota.ReleaseAsync("cmp_cancelled"));

        Assert.Equal(1, (await quota.GetAsync()).Used);

        await quota.ReleaseAsync("cmp_cancelled");

        Assert.Equal(0, (await quota.GetAsync()).Used);
    }

    [Theory]
    [InlineData(FaultTiming.Before)]
    [InlineData(FaultTiming.After)]
    public async Task IdempotencyClaimWhoseWriteFailedIsDecidedByWhatWasStored(FaultTiming timing)
    {
        var key = cluster.Client.GetGrain<IIdempotencyGrain>($"ufficio-stampa:{Guid.NewGuid():N}");
        var first = new IdempotencyRecord("hash-first", "cmp_first", "2026-W10");
        var second = new IdempotencyRecord("hash-second", "cmp_second", "2026-W10");
        cluster.Storage.FailNext(key, StorageOperation.Write, timing);

        await Assert.ThrowsAsync<StorageUnavailableException>(() => key.ClaimAsync(first));

        Assert.Equal(timing == FaultTiming.After ? first : null, await key.GetAsync());
        Assert.Equal(timing == FaultTiming.After ? first : second, await key.ClaimAsync(second));
    }

    [Fact]
    public async Task CampaignIndexEntryWhoseWriteFailedIsListedOnlyOnceTheUpsertIsRepeated()
    {
        var index = cluster.Client.GetGrain<ICampaignIndexGrain>(0);
        var id = $"cmp_{Guid.NewGuid():N}";
        cluster.Storage.FailNext(index, StorageOperation.Write, FaultTiming.Before);

        await Assert.ThrowsAsync<StorageUnavailableException>(() => index.UpsertAsync(id, Now, CampaignStatus.Scheduled));

        Assert.DoesNotContain(id, (await index.ListAsync(1, 1000, null)).CampaignIds);

        await index.UpsertAsync(id, Now, CampaignStatus.Scheduled);

        Assert.Contains(id, (await index.ListAsync(1, 1000, null)).CampaignIds);
    }

    private static QuotaRequest News(string campaignId) => new(campaignId, CampaignCategory.News, null);

    // A week no other test reserves in: the quota grains are shared by the whole collection.
    private static string NewWeek()
    {
        var n = Interlocked.Increment(ref _nextWeek);
        return $"{2030 + (n / 50)}-W{(n % 50) + 1:D2}";
    }

    private async Task SubscribeAsync(string number)
    {
        Assert.Equal(InboundOutcome.Subscribed, await cluster.Subscriber(number).HandleAsync(Inbound.Text(number, "Vimercate Info", Now.AddMinutes(-1))));
        await cluster.SettledAsync(number);
    }

    // A subscribed number writes "stop", and the write of the grain that `failing` names for the number fails.
    private async Task<(string Number, InboundMessage OptOut)> OptOutFailingAtAsync(Func<string, IAddressable> failing, FaultTiming timing)
    {
        var number = CitizenCluster.NewNumber();
        await SubscribeAsync(number);
        var optOut = Inbound.Text(number, "stop", Now);
        cluster.Storage.FailNext(failing(number), StorageOperation.Write, timing);

        await Assert.ThrowsAsync<StorageUnavailableException>(() => cluster.Subscriber(number).HandleAsync(optOut));
        return (number, optOut);
    }

    private async Task AssertErasedAsync(string number)
    {
        Assert.False(await InStoredAudienceAsync(number));
        Assert.Null(await StoredSubscriberAsync(number));
        var export = await cluster.Subscriber(number).ExportAsync();
        Assert.Null(export.Current);
        Assert.Equal([ConsentAction.OptIn, ConsentAction.Erased], export.Archived!.History.Select(record => record.Action));
    }

    private IAudienceShardGrain Shard(string number) =>
        cluster.Client.GetGrain<IAudienceShardGrain>(AudienceSharding.ShardOf(PhoneNumbers.ToKey(number), cluster.ShardCount));

    private IConsentArchiveGrain Archive(string number) =>
        cluster.Client.GetGrain<IConsentArchiveGrain>(cluster.Cluster.GetSiloServiceProvider().GetRequiredService<NumberHasher>().Hash(number));

    private ISubscriberStatsGrain Counter(InboundMessage message)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(cluster.Service.TimeZone);
        return cluster.Client.CounterFor(SubscriberStatsDay.KeyFor(Now, zone), DevelopmentHasher.HashMessageId(message.Wamid));
    }

    private Task<ConsentDayStats> CountedAsync(InboundMessage message) => Counter(message).GetAsync();

    private Task<bool> InStoredAudienceAsync(string number)
    {
        var key = PhoneNumbers.ToKey(number);
        return Task.FromResult(cluster.AudienceRows.Contains(AudienceSharding.ShardOf(key, cluster.ShardCount), key));
    }

    private Task<SubscriberState?> StoredSubscriberAsync(string number) =>
        cluster.Storage.StoredAsync<SubscriberState>(cluster.Subscriber(number), "subscriber");
}
