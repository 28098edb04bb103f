using Vimercate.Abstractions;
using Vimercate.Grains.Tests.Infrastructure;
using Vimercate.Subscribers;

namespace Vimercate.Grains.Tests;

/// <summary>Each row of the citizen behaviour table: outcome, state, audience and the reply that reached WhatsApp.</summary>
[Collection(CitizenCollection.Name)]
public sealed class CitizenBehaviourTests(CitizenCluster cluster)
{
    private static readonly Vimercate.Privacy.NumberHasher DevelopmentHasher =
        new(Microsoft.Extensions.Options.Options.Create(new Vimercate.Privacy.PrivacyOptions()));

    private DateTimeOffset Now => cluster.Time.GetUtcNow();

    [Fact]
    public async Task SubscribePhraseFromNewNumberSubscribesRecordsConsentAndWelcomes()
    {
        var number = CitizenCluster.NewNumber();
        var message = Inbound.Text(number, "  VIMERCATE   info!! 👍", Now.AddSeconds(-5));

        var outcome = await cluster.Subscriber(number).HandleAsync(message);

        Assert.Equal(InboundOutcome.Subscribed, outcome);
        var view = await cluster.SettledAsync(number);
        Assert.True(view.IsSubscribed);
        var consent = Assert.Single(view.ConsentHistory);
        Assert.Equal(ConsentAction.OptIn, consent.Action);
        Assert.Equal(message.Timestamp, consent.At);
        Assert.Equal(Now, consent.RecordedAt);
        Assert.Equal(DevelopmentHasher.HashMessageId(message.Wamid), consent.WamidHash);
        Assert.Equal("  VIMERCATE   info!! 👍", consent.MatchedText);
        Assert.Equal("2024-01", consent.TermsVersion);
        Assert.True(await cluster.InAudienceAsync(number));

        var welcome = Assert.Single(cluster.TextsTo(number));
        Assert.StartsWith("Città di Vimercate – informazioni su WhatsApp\nTi diamo il benvenuto: la tua iscrizione è attiva.\n", welcome);
        Assert.Contains("\n• Informativa privacy: https://www.comune.vimercate.mb.it/privacy\n", welcome);
        Assert.Contains("\n• Al massimo 10 messaggi a settimana, salvo emergenze.\n", welcome);
        Assert.Contains("allerte meteo ed emergenze", welcome);
        Assert.Contains("\n• Il servizio è gratuito.\n", welcome);
        Assert.Contains("\n• Per informazioni scrivi a ufficiostampa@comune.vimercate.mb.it\n", welcome);
        Assert.EndsWith("\nPer non ricevere più messaggi scrivi \"Vimercate stop\".", welcome);
        Assert.DoesNotContain("Condizioni d'uso", welcome);
    }

    [Fact]
    public async Task SubscribePhraseFromSubscriberChangesNothingAndSaysHowToStop()
    {
        var number = await SubscribedNumberAsync();

        var outcome = await cluster.Subscriber(number).HandleAsync(Inbound.Text(number, "Vimercate Info", Now));

        Assert.Equal(InboundOutcome.AlreadySubscribed, outcome);
        var view = await cluster.SettledAsync(number);
        Assert.True(view.IsSubscribed);
        Assert.Single(view.ConsentHistory);
        Assert.True(await cluster.InAudienceAsync(number));
        Assert.Equal(
            ["Città di Vimercate – informazioni su WhatsApp\nLa tua iscrizione è già attiva.\nPer non ricevere più messaggi scrivi \"Vimercate stop\"."],
            cluster.TextsTo(number).Skip(1));
    }

    [Theory]
    [InlineData("stop")]
    [InlineData("STOP!")]
    [InlineData("Vimercate stop")]
    [InlineData("vimercate stp")]
    [InlineData("Stop grazie")]
    [InlineData("Cancellami")]
    [InlineData("disiscrivimi")]
    [InlineData("Unsubscribe")]
    [InlineData("basta")]
    public async Task UnsubscribePhraseFromSubscriberUnsubscribesAtOnceAndConfirms(string text)
    {
        var number = await SubscribedNumberAsync();
        var message = Inbound.Text(number, text, Now);

        var outcome = await cluster.Subscriber(number).HandleAsync(message);

        Assert.Equal(InboundOutcome.Unsubscribed, outcome);
        Assert.False(await cluster.InAudienceAsync(number));
        var view = await cluster.SettledAsync(number);
        Assert.False(view.IsSubscribed);
        Assert.Equal([ConsentAction.OptIn, ConsentAction.OptOut], view.ConsentHistory.Select(c => c.Action));
        Assert.Equal(DevelopmentHasher.HashMessageId(message.Wamid), view.ConsentHistory[1].WamidHash);
        Assert.Equal(text, view.ConsentHistory[1].MatchedText);
        var confirmation = cluster.TextsTo(number)[^1];
        Assert.Contains("è stata cancellata: non riceverai più messaggi", confirmation);
        Assert.Contains("Per iscriverti di nuovo scrivi \"Vimercate Info\"", confirmation);
    }

    [Fact]
    public async Task UnsubscribePhraseFromNonSubscriberChangesNothingAndSaysHowToSubscribe()
    {
        var number = CitizenCluster.NewNumber();

        var outcome = await cluster.Subscriber(number).HandleAsync(Inbound.Text(number, "stop", Now));

        Assert.Equal(InboundOutcome.NotSubscribed, outcome);
        var view = await cluster.SettledAsync(number);
        Assert.False(view.IsSubscribed);
        Assert.Empty(view.ConsentHistory);
        Assert.False(await cluster.InAudienceAsync(number));
        Assert.Equal(
            ["Città di Vimercate – informazioni su WhatsApp\nQuesto numero non ha un'iscrizione attiva.\nPer iscriverti scrivi \"Vimercate Info\"."],
            cluster.TextsTo(number));
    }

    [Theory]
    [InlineData("text", "Buongiorno, a che ora apre l'anagrafe?")]
    [InlineData("image")]
    [InlineData("video")]
    [InlineData("document", "bolletta.pdf")]
    [InlineData("audio")]
    [InlineData("sticker")]
    [InlineData("call")]
    [InlineData("location")]
    [InlineData("contacts")]
    [InlineData("unsupported")]
    [InlineData("a_type_meta_invents_tomorrow")]
    [InlineData("button", "Non mi interessa", "NOT_INTERESTED")]
    [InlineData("interactive", "Orari uffici")]
    public async Task AnythingElseGetsTheAutoReplyAndChangesNothing(string type, params string[] texts)
    {
        var number = CitizenCluster.NewNumber();

        var outcome = await cluster.Subscriber(number).HandleAsync(Inbound.Of(type, number, Now, texts));

        Assert.Equal(InboundOutcome.AutoReplied, outcome);
        var view = await cluster.SettledAsync(number);
        Assert.False(view.IsSubscribed);
        Assert.Empty(view.ConsentHistory);
        Assert.Equal(Now, view.LastAutoReplyAt);
        var reply = Assert.Single(cluster.TextsTo(number));
        Assert.Contains("non legge i messaggi e non risponde alle chiamate", reply);
        Assert.Contains("ufficiostampa@comune.vimercate.mb.it", reply);
        Assert.Contains("\"Vimercate Info\"", reply);
        Assert.Contains("\"Vimercate stop\"", reply);
    }

    [Fact]
    public async Task AnythingElseFromSubscriberGetsTheAutoReplyAndKeepsTheSubscription()
    {
        var number = await SubscribedNumberAsync();

        var outcome = await cluster.Subscriber(number).HandleAsync(Inbound.Of("image", number, Now));

        Assert.Equal(InboundOutcome.AutoReplied, outcome);
        var view = await cluster.SettledAsync(number);
        Assert.True(view.IsSubscribed);
        Assert.True(await cluster.InAudienceAsync(number));
        Assert.Equal(cluster.Replies.For(ReplyKind.AutoReply), cluster.TextsTo(number)[^1]);
    }

    [Fact]
    public async Task ReactionIsIgnoredWithoutReply()
    {
        var number = await SubscribedNumberAsync();

        var outcome = await cluster.Subscriber(number).HandleAsync(Inbound.Reaction(number, Now));

        Assert.Equal(InboundOutcome.Ignored, outcome);
        var view = await cluster.SettledAsync(number);
        Assert.True(view.IsSubscribed);
        Assert.Null(view.LastAutoReplyAt);
        Assert.Single(cluster.TextsTo(number));
    }

    [Fact]
    public async Task ChangedNumberUnsubscribesTheOldNumberWithoutReply()
    {
        var number = await SubscribedNumberAsync();
        var newNumber = CitizenCluster.NewNumber();
        var notice = Inbound.NumberChanged(number, newNumber, Now);

        var outcome = await cluster.Subscriber(number).HandleAsync(notice);

        Assert.Equal(InboundOutcome.NumberChanged, outcome);
        Assert.False(await cluster.InAudienceAsync(number));
        var view = await cluster.SettledAsync(number);
        Assert.False(view.IsSubscribed);
        var change = view.ConsentHistory[^1];
        Assert.Equal(ConsentAction.NumberChanged, change.Action);
        Assert.Equal(DevelopmentHasher.HashMessageId(notice.Wamid), change.WamidHash);
        Assert.Single(cluster.TextsTo(number));
        Assert.False(await cluster.InAudienceAsync(newNumber));
        Assert.False((await cluster.Subscriber(newNumber).GetAsync()).IsSubscribed);
        Assert.Empty(cluster.TextsTo(newNumber));
    }

    [Fact]
    public async Task OtherSystemMessagesAreIgnored()
    {
        var number = await SubscribedNumberAsync();
        var notice = new InboundMessage("wamid.TEST-IDENTITY-" + number, number, Now, "system", ["identity changed"], "customer_identity_changed");

        var outcome = await cluster.Subscriber(number).HandleAsync(notice);

        Assert.Equal(InboundOutcome.Ignored, outcome);
        var view = await cluster.SettledAsync(number);
        Assert.True(view.IsSubscribed);
        Assert.True(await cluster.InAudienceAsync(number));
        Assert.Single(cluster.TextsTo(number));
    }

    [Fact]
    public async Task ChangedNumberNoticeFromNonSubscriberIsIgnoredWithoutReply()
    {
        var number = CitizenCluster.NewNumber();

        var outcome = await cluster.Subscriber(number).HandleAsync(Inbound.NumberChanged(number, CitizenCluster.NewNumber(), Now));

        Assert.Equal(InboundOutcome.Ignored, outcome);
        var view = await cluster.SettledAsync(number);
        Assert.False(view.IsSubscribed);
        Assert.Empty(view.ConsentHistory);
        Assert.Empty(cluster.TextsTo(number));
    }

    [Theory]
    [InlineData("+393331234567")]
    [InlineData("0393331234567")]
    [InlineData("not-a-number")]
    public async Task KeyThatIsNoNumberIsRefused(string key)
    {
        await Assert.ThrowsAnyAsync<Exception>(() => cluster.Subscriber(key).HandleAsync(Inbound.Text(key, "Vimercate Info", Now)));

        Assert.Empty(cluster.Delivered.List(key));
    }

    [Theory]
    [InlineData("button", "Iscriviti", "Vimercate Info")]
    [InlineData("interactive", "Vimercate Info")]
    public async Task ButtonOrReplyCarryingTheSubscribePhraseSubscribes(string type, params string[] texts)
    {
        var number = CitizenCluster.NewNumber();

        var outcome = await cluster.Subscriber(number).HandleAsync(Inbound.Of(type, number, Now, texts));

        Assert.Equal(InboundOutcome.Subscribed, outcome);
        Assert.True(await cluster.InAudienceAsync(number));
        Assert.Equal([cluster.Replies.For(ReplyKind.Welcome)], cluster.TextsTo((await cluster.SettledAsync(number)).Number));
    }

    private async Task<string> SubscribedNumberAsync()
    {
        var number = CitizenCluster.NewNumber();
        Assert.Equal(InboundOutcome.Subscribed, await cluster.Subscriber(number).HandleAsync(Inbound.Text(number, "Vimercate Info", Now.AddMinutes(-1))));
        await cluster.SettledAsync(number);
        return number;
    }
}
