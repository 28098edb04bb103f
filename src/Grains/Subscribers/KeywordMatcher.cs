using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Vimercate.Hosting;

namespace Vimercate.Subscribers;

/// <summary>What a citizen's words ask for.</summary>
public enum KeywordIntent
{
    /// <summary>No keyword matched.</summary>
    None,

    /// <summary>A subscribe phrase matched.</summary>
    Subscribe,

    /// <summary>An unsubscribe phrase matched.</summary>
    Unsubscribe,
}

/// <summary>The result of matching a message's texts against the keywords.</summary>
/// <param name="Intent">Subscribe, unsubscribe or none.</param>
/// <param name="MatchedText">The candidate text as received, when one matched.</param>
public readonly record struct KeywordMatch(KeywordIntent Intent, string? MatchedText)
{
    /// <summary>Nothing matched.</summary>
    public static KeywordMatch None => new(KeywordIntent.None, null);
}

/// <summary>Reads a citizen's message for the subscribe and unsubscribe phrases of <c>Service:*Keywords</c> and the stop words of <see cref="KeywordRules"/>.</summary>
/// <remarks>
/// Texts and keywords are compared in normalised form (see <see cref="Normalize"/>). A keyword whose normalised form
/// has at least <see cref="FuzzyMinimumLength"/> characters also matches at edit distance 1, so a typo such as
/// "vimercte info" still works while a short word like "stop" must be exact. Exact matches win over fuzzy ones; at equal
/// quality the unsubscribe phrase wins, because an ignored opt-out is worse than an ignored opt-in.
/// </remarks>
public sealed class KeywordMatcher
{
    /// <summary>Normalised keywords at least this long also match at edit distance 1.</summary>
    public const int FuzzyMinimumLength = 8;

    private readonly KeywordVocabulary _vocabulary;

    /// <summary>Uses the keywords in force.</summary>
    public KeywordMatcher(IOptions<ServiceOptions> options)
    {
        _vocabulary = VocabularyOf(options.Value);
    }

    /// <summary>The phrases and service words of the service options.</summary>
    public static KeywordVocabulary VocabularyOf(ServiceOptions service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return new KeywordVocabulary(
            service.EffectiveSubscribeKeywords,
            service.EffectiveUnsubscribeKeywords,
            [service.Name, .. service.EffectiveSubscribeKeywords]);
    }

    /// <summary>Matches the candidate texts of one message (text body or caption, button text and payload, reply title); any may match.</summary>
    public KeywordMatch Match(IReadOnlyList<string>? candidates)
    {
        if (candidates is null || candidates.Count == 0)
        {
            return KeywordMatch.None;
        }

        return Find(candidates, fuzzy: false) ?? Find(candidates, fuzzy: true) ?? KeywordMatch.None;
    }

    /// <summary>
    /// Unicode NFKD, diacritics and other combining marks removed, lower case, anything but letters and digits
    /// turned into a space, runs of spaces collapsed, trimmed.
    /// </summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var decomposed = text.Normalize(NormalizationForm.FormKD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var rune in decomposed.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }

            if (!Rune.IsLetterOrDigit(rune))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(Rune.ToLowerInvariant(rune).ToString());
        }

        return builder.ToString();
    }

    /// <summary>True when <paramref name="a"/> becomes <paramref name="b"/> with at most one insertion, deletion or substitution.</summary>
    public static bool IsWithinOneEdit(string a, string b)
    {
        if (a.Length > b.Length)
        {
            (a, b) = (b, a);
        }

        if (b.Length - a.Length > 1)
        {
            return false;
        }

        var prefix = 0;
        while (prefix < a.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }

        if (prefix == a.Length)
        {
            return true;
        }

        // Past the first difference the rest must agree: shifted by one for an insertion, aligned for a substitution.
        var skipInShorter = a.Length == b.Length ? 1 : 0;
        return a.AsSpan(prefix + skipInShorter).SequenceEqual(b.AsSpan(prefix + 1));
    }

    private KeywordMatch? Find(IReadOnlyList<string> candidates, bool fuzzy)
    {
        KeywordMatch? subscribe = null;
        foreach (var candidate in candidates)
        {
            switch (KeywordRules.Decide(candidate, _vocabulary, fuzzy))
            {
                case KeywordIntent.Unsubscribe:
                    return new KeywordMatch(KeywordIntent.Unsubscribe, candidate);
                case KeywordIntent.Subscribe:
                    subscribe ??= new KeywordMatch(KeywordIntent.Subscribe, candidate);
                    break;
            }
        }

        return subscribe;
    }
}
