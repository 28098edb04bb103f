using System.Collections.Frozen;

namespace Vimercate.Subscribers;

/// <summary>One service's configured phrases, as normalised word sequences, and the words that only name the service.</summary>
public sealed class KeywordVocabulary
{
    /// <summary>Normalises the phrases; <paramref name="serviceNames"/> (the service's name, its subscribe phrases) add words that only name it.</summary>
    public KeywordVocabulary(IEnumerable<string> subscribePhrases, IEnumerable<string> unsubscribePhrases, IEnumerable<string> serviceNames)
    {
        Subscribe = Phrases(subscribePhrases);
        Unsubscribe = Phrases(unsubscribePhrases);
        ServiceWords = serviceNames
            .SelectMany(name => KeywordMatcher.Normalize(name).Split(' '))
            .Where(word => word.Length > 0)
            .ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>The opt-in phrases, each as its words.</summary>
    public IReadOnlyList<string[]> Subscribe { get; }

    /// <summary>The configured opt-out phrases, each as its words; <see cref="CitizenWords.Stop"/> applies besides them.</summary>
    public IReadOnlyList<string[]> Unsubscribe { get; }

    /// <summary>Words of the service's name and subscribe phrases: they add nothing to what a message asks.</summary>
    public FrozenSet<string> ServiceWords { get; }

    private static string[][] Phrases(IEnumerable<string> phrases) =>
        phrases.Select(KeywordMatcher.Normalize).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).Select(p => p.Split(' ')).ToArray();
}

/// <summary>
/// What one message's words ask for, as a pure function: opt-out wins when in doubt, opt-in needs the subscribe phrase
/// (docs/MESSAGES.md explains the rule and its cases).
/// </summary>
/// <remarks>
/// A message of at most <see cref="LongestMessage"/> words is an opt-out when it holds a stop term (a configured
/// unsubscribe phrase or one of <see cref="CitizenWords.Stop"/>) and every other word is <see cref="CitizenWords.Neutral"/>
/// or names the service ("Stop grazie", "per favore cancellami dalla lista"), question mark or not: whoever asks
/// "posso cancellarmi?" wants to leave. It is an opt-out too when it holds a stop term, has at most
/// <see cref="ShortMessage"/> words and no question mark ("basta spam"): a short imperative is read as stop, because an
/// opt-out ignored is a message to someone who said no, while an opt-out misread costs the citizen one message to join
/// again, and the confirmation says how. A question or a longer sentence about something else ("la strada è chiusa?
/// basta lavori?") is no opt-out. A message is an opt-in when it holds the subscribe phrase and every other word is
/// neutral, names the service or asks to join ("Vimercate Info per favore"). Anything else is neither.
/// </remarks>
public static class KeywordRules
{
    /// <summary>Messages longer than this many words are read only as a whole, against the configured phrases.</summary>
    public const int LongestMessage = 12;

    /// <summary>Messages of at most this many words, without a question mark, are opt-outs whenever they hold a stop term.</summary>
    public const int ShortMessage = 3;

    /// <summary>
    /// The intent of one text. With <paramref name="fuzzy"/>, configured phrases of at least
    /// <see cref="KeywordMatcher.FuzzyMinimumLength"/> characters and stop words as long also match at one edit.
    /// </summary>
    public static KeywordIntent Decide(string? text, KeywordVocabulary vocabulary, bool fuzzy)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        var normalised = KeywordMatcher.Normalize(text);
        if (normalised.Length == 0)
        {
            return KeywordIntent.None;
        }

        var words = normalised.Split(' ');
        if (words.Length > LongestMessage)
        {
            return IsWhole(normalised, vocabulary.Unsubscribe, fuzzy) ? KeywordIntent.Unsubscribe
                : IsWhole(normalised, vocabulary.Subscribe, fuzzy) ? KeywordIntent.Subscribe
                : KeywordIntent.None;
        }

        var stop = new bool[words.Length];
        var hasStop = Cover(words, vocabulary.Unsubscribe, fuzzy, stop) | Cover(words, CitizenWords.Stop, fuzzy, stop);
        if (hasStop && (RestIsNeutral(words, stop, vocabulary.ServiceWords, join: false) || (words.Length <= ShortMessage && !IsQuestion(text!))))
        {
            return KeywordIntent.Unsubscribe;
        }

        var phrase = new bool[words.Length];
        return Cover(words, vocabulary.Subscribe, fuzzy, phrase) && RestIsNeutral(words, phrase, vocabulary.ServiceWords, join: true)
            ? KeywordIntent.Subscribe
            : KeywordIntent.None;
    }

    /// <summary>Marks every word of every occurrence of the terms; true when any occurs.</summary>
    private static bool Cover(string[] words, IReadOnlyList<string[]> terms, bool fuzzy, bool[] covered)
    {
        var found = false;
        foreach (var term in terms)
        {
            var joined = string.Join(' ', term);
            var tolerant = fuzzy && joined.Length >= KeywordMatcher.FuzzyMinimumLength;

            // A typo may merge two words or split one ("vimercateinfo"), so a tolerant match tries one word more and less.
            for (var length = Math.Max(1, term.Length - (tolerant ? 1 : 0)); length <= term.Length + (tolerant ? 1 : 0); length++)
            {
                for (var start = 0; start + length <= words.Length; start++)
                {
                    var window = string.Join(' ', words, start, length);
                    if (window == joined || (tolerant && KeywordMatcher.IsWithinOneEdit(window, joined)))
                    {
                        Array.Fill(covered, true, start, length);
                        found = true;
                    }
                }
            }
        }

        return found;
    }

    private static bool RestIsNeutral(string[] words, bool[] covered, FrozenSet<string> serviceWords, bool join)
    {
        for (var i = 0; i < words.Length; i++)
        {
            if (!covered[i] && !CitizenWords.Neutral.Contains(words[i]) && !serviceWords.Contains(words[i]) && !(join && CitizenWords.Join.Contains(words[i])))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsWhole(string normalised, IReadOnlyList<string[]> phrases, bool fuzzy) => phrases.Any(words =>
    {
        var phrase = string.Join(' ', words);
        return phrase == normalised || (fuzzy && phrase.Length >= KeywordMatcher.FuzzyMinimumLength && KeywordMatcher.IsWithinOneEdit(normalised, phrase));
    });

    private static bool IsQuestion(string text) => text.Contains('?', StringComparison.Ordinal) || text.Contains('？', StringComparison.Ordinal);
}
