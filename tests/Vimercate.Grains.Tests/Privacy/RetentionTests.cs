using Vimercate.Abstractions;
using Vimercate.Grains.Tests.Infrastructure;
using Vimercate.Subscribers;

namespace Vimercate.Grains.Tests.Privacy;

/// <summary>After an opt-out the number is kept in plain only while needed, its consent history under the keyed hash for the retention, then nothing.</summary>
[Collection(PrivacyCollection.Name)]
public sealed class RetentionTests(PrivacyCluster cluster)
{
    private static readonly Vimercate.Privacy.NumberHasher DevelopmentHasher =
        new(Microsoft.Extensions.Options.Options.Create(new Vimercate.Privacy.PrivacyOptions()));

    private static readonly TimeSpan Retention = TimeSpan.FromDays(730);

    private DateTimeOffset Now => cluster.Time.GetUtcNow();

    [Fact]
    public async Task OptOutArchivesTheConsentHistoryUnderTheKeyedHashOfTheNumber()
    {
        var number = CitizenCluster.NewNumber();
        var optIn = Inbound.Text(number, "Vimercate Info", Now.AddMinutes(-2));
        var optOut = Inbound.Text(number, "stop", Now.AddMinutes(-1));
        await cluster.Subscriber(number).HandleAsync(optIn);
        await cluster.Subscriber(number).HandleAsync(optOut);

        var hash = cluster.HashOf(number);
        var archived = await cluster.Client.GetGrain<IConsentArchiveGrain>(hash).GetAsync();

        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.DoesNotContain(number, hash, StringComparison.Ordinal);
        Assert.NotNull(archived);
        Assert.Equal([DevelopmentHasher.HashMessageId(optIn.Wamid), DevelopmentHasher.HashMessageId(optOut.Wamid)], archived.History.Select(record => record.WamidHash));
        Assert.Equal(["Vimercate Info", "stop"], archived.History.Select(record => record.MatchedText));
        Assert.All(archived.History, record => Assert.Equal("2024-01", record.TermsVersion));
        Assert.Equal(archived.History[1].RecordedAt, archived.ClosedAt);
        Assert.Equal(archived.ClosedAt + Retention, archived.DeleteAt);
    }

    [Fact]
    public async Task RedeliveredOptOutArchivesNothingTwice()
    {
        var number = CitizenCluster.NewNumber();
        var optOut = Inbound.Text(number, "stop", Now);
        await cluster.Subscriber(number).HandleAsync(Inbound.Text(number, "Vimercate Info", Now.AddMinutes(-1)));
        await cluster.Subscriber(number).HandleAsync(optOut);
        var first = await cluster.ArchiveOf(number).GetAsync();

        cluster.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(InboundOutcome.Duplicate, await cluster.Subscriber(number).HandleAsync(optOut));

        var second = await cluster.ArchiveOf(number).GetAsync();
        Assert.Equal(first!.History, second!.History);
        Assert.Equal(first.DeleteAt, second.DeleteAt);
    }

    [Fact]
    public async Task NumberThatIsNotSubscribedIsForgottenInPlainAfterEightDaysAndFoundInTheArchiveByNumber()
    {
        var number = CitizenCluster.NewNumber();
        await cluster.Subscriber(number).HandleAsync(Inbound.Text(number, "Vimercate Info", Now.AddMinutes(-1)));
        await cluster.Subscriber(number).HandleAsync(Inbound.Text(number, "stop", Now));
        await cluster.SettledAsync(number);

        cluster.Time.Advance(NumberRetention.ForgetAfter - TimeSpan.FromHours(1));
        Assert.True(await cluster.SubscriberStoredAsync(number));

        cluster.Time.Advance(NumberRetention.CheckPeriod);
        await Eventually.UntilAsync(() => cluster.SubscriberStoredAsync(number), stored => !stored, "the plain state of the number forgotten");

        var export = await cluster.Subscriber(number).ExportAsync();
        Assert.Null(export.Current);
        Assert.Equal([ConsentAction.OptIn, ConsentAction.OptOut], export.Archived!.History.Select(record => record.Action));
        Assert.False(await cluster.InAudienceAsync(number));
    }

    [Fact]
    public async Task AutoRepliedNumberThatNeverSubscribedIsForgottenWithoutAnArchive()
    {
        var number = CitizenCluster.NewNumber();
        await cluster.Subscriber(number).HandleAsync(Inbound.Text(number, "buongiorno, a che ora apre il municipio?", Now));
        await cluster.SettledAsync(number);

        cluster.Time.Advance(NumberRetention.ForgetAfter + NumberRetention.CheckPeriod);

        await Eventually.UntilAsync(() => cluster.SubscriberStoredAsync(number), stored => !stored, "the plain state of the number forgotten");
        Assert.False((await cluster.Subscriber(number).ExportAsync()).IsKnown);
        Assert.False(await cluster.ArchiveStoredAsync(number));
    }

    [Fact]
    public async Task SubscriberIsNeverForgotten()
    {
        var number = CitizenCluster.NewNumber();
        await cluster.Subscriber(number).HandleAsync(Inbound.Text(number, "Vimercate Info", Now));
        await cluster.SettledAsync(number);

        cluster.Time.Advance(TimeSpan.FromDays(30));
        await cluster.Subscriber(number).GetAsync();

        Assert.True(await cluster.SubscriberStoredAsync(number));
        Assert.True(await cluster.InAudienceAsync(number));
        Assert.True((await cluster.Subscriber(number).GetAsync()).IsSubscribed);
    }

    [Fact]
    public async Task RetentionDeletesTheArchivedHistoryAfterTheConfiguredDays()
    {
        var number = CitizenCluster.NewNumber();
        await cluster.Subscriber(number).HandleAsync(Inbound.Text(number, "Vimercate Info", Now.AddMinutes(-1)));
        await cluster.Subscriber(number).HandleAsync(Inbound.Text(number, "stop", Now));
        var deleteAt = (await cluster.ArchiveOf(number).GetAsync())!.DeleteAt;

        cluster.Time.Advance(deleteAt - Now - TimeSpan.FromDays(1));
        await Eventually.UntilAsync(() => cluster.SubscriberStoredAsync(number), stored => !stored, "the plain state of the number forgotten");
        await Eventually.UntilAsync(() => cluster.ArchiveReminderDueAsync(number), due => due == deleteAt, "the archive's reminder set for the deadline");
        Assert.True(await cluster.ArchiveStoredAsync(number));

        cluster.Time.Advance(TimeSpan.FromDays(2));

        await Eventually.UntilAsync(() => cluster.ArchiveStoredAsync(number), stored => !stored, "the archived history deleted by its reminder");
        Assert.Null(await cluster.ArchiveOf(number).GetAsync());
        Assert.False((await cluster.Subscriber(number).ExportAsync()).IsKnown);
    }
}
