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

/// <summary>Recognises the subscribe and unsubscribe phrases of <c>Service:*Keywords</c> in a citizen's message.</summary>
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

    private readonly string[] _subscribe;
    private readonly string[] _unsubscribe;

    /// <summary>Uses the keywords in force.</summary>
    public KeywordMatcher(IOptions<ServiceOptions> options)
    {
        var service = options.Value;
        _subscribe = NormalizeAll(service.EffectiveSubscribeKeywords);
        _unsubscribe = NormalizeAll(service.EffectiveUnsubscribeKeywords);
    }

    /// <summary>Matches the candidate texts of one message (text body, button text and payload, reply title); any may match.</summary>
    public KeywordMatch Match(IReadOnlyList<string>? candidates)
    {
        if (candidates is null || candidates.Count == 0)
        {
            return KeywordMatch.None;
        }

        var normalised = new string[candidates.Count];
        for (var i = 0; i < candidates.Count; i++)
        {
            normalised[i] = Normalize(candidates[i]);
        }

        return Find(candidates, normalised, fuzzy: false) ?? Find(candidates, normalised, fuzzy: true) ?? KeywordMatch.None;
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

    private KeywordMatch? Find(IReadOnlyList<string> candidates, string[] normalised, bool fuzzy)
    {
        for (var i = 0; i < normalised.Length; i++)
        {
            if (Matches(normalised[i], _unsubscribe, fuzzy))
            {
                return new KeywordMatch(KeywordIntent.Unsubscribe, candidates[i]);
            }
        }

        for (var i = 0; i < normalised.Length; i++)
        {
            if (Matches(normalised[i], _subscribe, fuzzy))
            {
                return new KeywordMatch(KeywordIntent.Subscribe, candidates[i]);
            }
        }

        return null;
    }

    private static bool Matches(string text, string[] keywords, bool fuzzy)
    {
        if (text.Length == 0)
        {
            return false;
        }

        foreach (var keyword in keywords)
        {
            var hit = fuzzy
                ? keyword.Length >= FuzzyMinimumLength && IsWithinOneEdit(text, keyword)
                : string.Equals(text, keyword, StringComparison.Ordinal);
            if (hit)
            {
                return true;
            }
        }

        return false;
    }

    private static string[] NormalizeAll(IEnumerable<string> keywords) =>
        keywords.Select(Normalize).Where(k => k.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
}
