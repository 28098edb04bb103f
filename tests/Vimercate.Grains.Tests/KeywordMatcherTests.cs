using Microsoft.Extensions.Options;
using Vimercate.Hosting;
using Vimercate.Subscribers;

namespace Vimercate.Grains.Tests;

/// <summary>How a citizen's words are recognised as the subscribe or unsubscribe phrase.</summary>
public sealed class KeywordMatcherTests
{
    private readonly KeywordMatcher _defaults = new(Options.Create(new ServiceOptions()));

    [Theory]
    [InlineData("  VIMERCATE   info!! 👍", "vimercate info")]
    [InlineData("Città di Vimercate", "citta di vimercate")]
    [InlineData("Perché? Più—così…", "perche piu cosi")]
    [InlineData("ＶＩＭＥＲＣＡＴＥ　ＩＮＦＯ", "vimercate info")]
    [InlineData("vimercate_info\t\n", "vimercate info")]
    [InlineData("Ⅻ ½ ﬁne", "xii 1 2 fine")]
    [InlineData("🎉👍", "")]
    [InlineData("", "")]
    public void NormalisationFoldsWidthDiacriticsCaseAndPunctuation(string text, string expected) =>
        Assert.Equal(expected, KeywordMatcher.Normalize(text));

    [Theory]
    [InlineData("Vimercate Info")]
    [InlineData("  VIMERCATE   info!! 👍")]
    [InlineData("vimercate-info")]
    [InlineData("Vimércàte Ìnfò")]
    [InlineData("ＶＩＭＥＲＣＡＴＥ ＩＮＦＯ")]
    [InlineData("vimercte info")]
    [InlineData("vimercatte info")]
    [InlineData("vimercate unfo")]
    [InlineData("vimercateinfo")]
    public void SubscribePhraseIsRecognisedDespiteFormattingAndOneTypo(string text)
    {
        var match = _defaults.Match([text]);

        Assert.Equal(KeywordIntent.Subscribe, match.Intent);
        Assert.Equal(text, match.MatchedText);
    }

    [Theory]
    [InlineData("stop")]
    [InlineData("STOP")]
    [InlineData("Stop.")]
    [InlineData("  stop 🙏")]
    [InlineData("Vimercate stop")]
    [InlineData("vimercate stp")]
    [InlineData("vimercatestop")]
    public void UnsubscribePhraseIsRecognised(string text) =>
        Assert.Equal(KeywordIntent.Unsubscribe, _defaults.Match([text]).Intent);

    [Theory]
    [InlineData("stp")]
    [InlineData("stopp")]
    [InlineData("sto")]
    [InlineData("shop")]
    [InlineData("vimercte inf")]
    [InlineData("vimercate")]
    [InlineData("info")]
    [InlineData("Vimercate Info: a che ora apre l'anagrafe?")]
    [InlineData("👍")]
    [InlineData("")]
    public void ShortPhrasesMustBeExactAndOtherWordsMatchNothing(string text) =>
        Assert.Equal(KeywordIntent.None, _defaults.Match([text]).Intent);

    [Fact]
    public void AnyCandidateTextMayCarryThePhrase()
    {
        var match = _defaults.Match(["Iscriviti", "VIMERCATE_INFO"]);

        Assert.Equal(KeywordIntent.Subscribe, match.Intent);
        Assert.Equal("VIMERCATE_INFO", match.MatchedText);
    }

    [Fact]
    public void NoCandidatesMatchNothing()
    {
        Assert.Equal(KeywordMatch.None, _defaults.Match([]));
        Assert.Equal(KeywordMatch.None, _defaults.Match(null));
    }

    [Theory]
    [InlineData("Vimercate Info", KeywordIntent.Subscribe)]
    [InlineData("Vimercate Infa", KeywordIntent.Unsubscribe)]
    [InlineData("Vimercate Inf", KeywordIntent.Unsubscribe)]
    public void ExactMatchWinsOverFuzzyAndOptOutWinsATie(string text, KeywordIntent expected)
    {
        var matcher = new KeywordMatcher(Options.Create(new ServiceOptions
        {
            SubscribeKeywords = ["Vimercate Info"],
            UnsubscribeKeywords = ["Vimercate Infa"],
        }));

        Assert.Equal(expected, matcher.Match([text]).Intent);
    }

    [Fact]
    public void ExactMatchInOneCandidateWinsOverFuzzyMatchInAnother()
    {
        var match = _defaults.Match(["vimercate stp", "Vimercate Info"]);

        Assert.Equal(KeywordIntent.Subscribe, match.Intent);
        Assert.Equal("Vimercate Info", match.MatchedText);
    }

    [Fact]
    public void ConfiguredPhrasesReplaceTheDefaultPhrasesWhileTheStopWordsStay()
    {
        var matcher = new KeywordMatcher(Options.Create(new ServiceOptions
        {
            SubscribeKeywords = ["Iscrivimi"],
            UnsubscribeKeywords = ["Addio Vimercate"],
        }));

        Assert.Equal(KeywordIntent.Subscribe, matcher.Match(["iscrivimi!"]).Intent);
        Assert.Equal(KeywordIntent.Subscribe, matcher.Match(["iscrivmi"]).Intent);
        Assert.Equal(KeywordIntent.Unsubscribe, matcher.Match(["ADDIO VIMERCATE"]).Intent);
        Assert.Equal(KeywordIntent.Unsubscribe, matcher.Match(["addio vimercate, grazie"]).Intent);
        Assert.Equal(KeywordIntent.None, matcher.Match(["Vimercate Info"]).Intent);
        Assert.Equal(KeywordIntent.Unsubscribe, matcher.Match(["stop"]).Intent);
    }

    [Theory]
    [InlineData("abc", "abc", true)]
    [InlineData("abc", "abd", true)]
    [InlineData("abc", "ab", true)]
    [InlineData("abc", "bc", true)]
    [InlineData("abc", "abxc", true)]
    [InlineData("", "a", true)]
    [InlineData("abc", "acb", false)]
    [InlineData("abc", "a", false)]
    [InlineData("abc", "xbz", false)]
    [InlineData("abcd", "abdc", false)]
    public void EditDistanceOfOneIsInsertionDeletionOrSubstitution(string a, string b, bool expected)
    {
        Assert.Equal(expected, KeywordMatcher.IsWithinOneEdit(a, b));
        Assert.Equal(expected, KeywordMatcher.IsWithinOneEdit(b, a));
    }
}
