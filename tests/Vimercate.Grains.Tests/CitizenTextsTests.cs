using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Vimercate.Hosting;
using Vimercate.Subscribers;

namespace Vimercate.Grains.Tests;

/// <summary>The texts citizens read: one resource, the settings filled in, configurable by name.</summary>
public sealed partial class CitizenTextsTests
{
    [Fact]
    public void TheServiceNameIsWrittenAsConfiguredWithoutAnArticleGluedToIt()
    {
        var replies = new CitizenReplies(Options.Create(new ServiceOptions { Name = "Comune di Vimercate" }));

        foreach (var kind in Enum.GetValues<ReplyKind>())
        {
            var text = replies.For(kind);
            Assert.StartsWith("Comune di Vimercate – informazioni su WhatsApp\n", text);
            Assert.DoesNotMatch(ArticleBeforeName(), text);
        }
    }

    [Fact]
    public void TheWelcomeLinksTheTermsOnlyWhenTheyAreConfigured()
    {
        var without = new CitizenReplies(Options.Create(new ServiceOptions())).For(ReplyKind.Welcome);
        var with = new CitizenReplies(Options.Create(new ServiceOptions { TermsUrl = "https://www.comune.vimercate.mb.it/whatsapp-condizioni" }))
            .For(ReplyKind.Welcome);

        Assert.DoesNotContain("Condizioni d'uso", without);
        Assert.Contains("\n• Condizioni d'uso: https://www.comune.vimercate.mb.it/whatsapp-condizioni\n", with);
        Assert.Equal(without.Split('\n').Length + 1, with.Split('\n').Length);
    }

    [Fact]
    public void TextsAreGenderNeutralShortLinesWithoutPunctuationGluedToLinks()
    {
        var replies = new CitizenReplies(Options.Create(new ServiceOptions { TermsUrl = "https://example.org/termini" }));

        foreach (var kind in Enum.GetValues<ReplyKind>())
        {
            var text = replies.For(kind);
            Assert.DoesNotMatch(GenderedWords(), text);
            Assert.DoesNotMatch(PunctuationAfterLink(), text);
            Assert.DoesNotContain(" .", text, StringComparison.Ordinal);
            Assert.All(text.Split('\n'), line => Assert.InRange(line.Length, 1, 120));
        }
    }

    [Fact]
    public void AConfiguredTextReplacesTheResourceAndKeepsItsPlaceholders()
    {
        var service = new ServiceOptions
        {
            Name = "Comune di Arcore",
            Texts = new() { ["AutoReply"] = "{Service}\nScrivete a {ContactEmail}\nTermini: {TermsUrl}" },
        };

        var replies = new CitizenReplies(Options.Create(service));

        Assert.Equal("Comune di Arcore\nScrivete a ufficiostampa@comune.vimercate.mb.it", replies.For(ReplyKind.AutoReply));
        Assert.StartsWith("Comune di Arcore – informazioni su WhatsApp", replies.For(ReplyKind.Welcome));
    }

    [Fact]
    public void AConfiguredTextWithAnUnknownNameOrPlaceholderStopsStartUp()
    {
        var service = new ServiceOptions
        {
            Texts = new() { ["Welcome"] = "Ciao {Nome}", ["Goodbye"] = "Addio", ["AutoReply"] = " " },
        };

        var problems = CitizenTexts.Problems(service).ToList();

        Assert.Contains(problems, p => p.StartsWith("Service:Texts:Welcome uses {Nome}", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Service:Texts:Goodbye is not a citizen text", StringComparison.Ordinal));
        Assert.Contains("Service:Texts:AutoReply must not be empty.", problems);
        Assert.Empty(CitizenTexts.Problems(new ServiceOptions()));
    }

    [GeneratedRegex(@"\b(della|del|dalla|nella|alla) Comune", RegexOptions.IgnoreCase)]
    private static partial Regex ArticleBeforeName();

    [GeneratedRegex(@"\b(benvenut[oa] (nel|nella|al|a|in)\b|benvenuta\b|iscritt[oa]\b|cittadin[oa]\b|gentile utente\b)", RegexOptions.IgnoreCase)]
    private static partial Regex GenderedWords();

    [GeneratedRegex(@"(https?://\S+|\S+@\S+)[.,;:!?]($|\s)", RegexOptions.Multiline)]
    private static partial Regex PunctuationAfterLink();
}
