using Microsoft.Extensions.Options;
using Vimercate.Hosting;
using Vimercate.Subscribers;

namespace Vimercate.Grains.Tests;

/// <summary>The opt-out and opt-in rule on what citizens actually write, both ways.</summary>
public sealed class KeywordRulesTests
{
    private readonly KeywordMatcher _defaults = new(Options.Create(new ServiceOptions()));

    [Theory]
    [InlineData("Stop grazie")]
    [InlineData("STOP")]
    [InlineData("stop.")]
    [InlineData("per favore stop")]
    [InlineData("Stop, grazie mille!")]
    [InlineData("Basta")]
    [InlineData("basta!!")]
    [InlineData("Basta messaggi, grazie")]
    [InlineData("Cancellami")]
    [InlineData("cancellami dalla lista per favore")]
    [InlineData("Cancella iscrizione")]
    [InlineData("cancellazione")]
    [InlineData("Disattiva")]
    [InlineData("disattiva iscrizione")]
    [InlineData("disiscrivimi")]
    [InlineData("Disiscrizione")]
    [InlineData("Unsubscribe")]
    [InlineData("unsubscribe me please")]
    [InlineData("Annulla")]
    [InlineData("annulla iscrizione grazie")]
    [InlineData("Toglimi dalla lista")]
    [InlineData("Non voglio più ricevere messaggi")]
    [InlineData("non voglio più messaggi, grazie")]
    [InlineData("Buongiorno, vorrei cancellare la mia iscrizione al servizio. Grazie")]
    [InlineData("Posso cancellarmi?")]
    [InlineData("Vimercate Info stop")]
    [InlineData("Basta spam")]
    [InlineData("opt out")]
    [InlineData("cancelami")]
    [InlineData("disiscrivmi")]
    public void WordsThatSayStopUnsubscribe(string text)
    {
        var match = _defaults.Match([text]);

        Assert.Equal(KeywordIntent.Unsubscribe, match.Intent);
        Assert.Equal(text, match.MatchedText);
    }

    [Theory]
    [InlineData("la strada è chiusa? basta lavori?")]
    [InlineData("Basta lavori?")]
    [InlineData("Basta con questi lavori in via Cavour")]
    [InlineData("Quando finisce lo stop al traffico in via Cavour?")]
    [InlineData("Stop al traffico in via Cavour da quando?")]
    [InlineData("Il mercato di sabato è annullato?")]
    [InlineData("Come si cancella una multa?")]
    [InlineData("Ho visto il cartello di stop in via Milano, è nuovo?")]
    [InlineData("Non voglio cancellarmi, volevo solo sapere gli orari")]
    [InlineData("basta che mi dite quando riapre la piscina")]
    [InlineData("no")]
    [InlineData("grazie")]
    public void QuestionsAndSentencesAboutSomethingElseAreNoOptOut(string text) =>
        Assert.NotEqual(KeywordIntent.Unsubscribe, _defaults.Match([text]).Intent);

    [Theory]
    [InlineData("Vimercate Info per favore")]
    [InlineData("Vimercate Info, grazie!")]
    [InlineData("Buongiorno, Vimercate Info")]
    [InlineData("Vorrei iscrivermi a Vimercate Info")]
    [InlineData("iscrivimi a vimercate info per favore")]
    [InlineData("vimercte info grazie")]
    public void TheSubscribePhraseWithCourtesySubscribes(string text)
    {
        var match = _defaults.Match([text]);

        Assert.Equal(KeywordIntent.Subscribe, match.Intent);
        Assert.Equal(text, match.MatchedText);
    }

    [Theory]
    [InlineData("Vimercate Info: a che ora apre l'anagrafe?")]
    [InlineData("Vorrei informazioni sulla raccolta rifiuti")]
    [InlineData("iscrivimi")]
    [InlineData("info")]
    [InlineData("Vimercate")]
    public void WithoutTheSubscribePhraseOrWithOtherWordsNobodySubscribes(string text) =>
        Assert.Equal(KeywordIntent.None, _defaults.Match([text]).Intent);

    [Fact]
    public void AMessageLongerThanTheLimitIsReadOnlyAsAWhole()
    {
        var courtesy = string.Join(' ', Enumerable.Repeat("grazie", KeywordRules.LongestMessage));

        Assert.Equal(KeywordIntent.Unsubscribe, _defaults.Match(["stop " + string.Join(' ', Enumerable.Repeat("grazie", KeywordRules.LongestMessage - 1))]).Intent);
        Assert.Equal(KeywordIntent.None, _defaults.Match(["stop " + courtesy]).Intent);
    }

    [Fact]
    public void TheServiceNameCountsAsCourtesy()
    {
        var matcher = new KeywordMatcher(Options.Create(new ServiceOptions { Name = "Comune di Arcore", SubscribeKeywords = ["Arcore Notizie"] }));

        Assert.Equal(KeywordIntent.Unsubscribe, matcher.Match(["Comune di Arcore: stop"]).Intent);
        Assert.Equal(KeywordIntent.Subscribe, matcher.Match(["Arcore Notizie per favore"]).Intent);
        Assert.Equal(KeywordIntent.None, matcher.Match(["Vimercate Info"]).Intent);
    }
}
