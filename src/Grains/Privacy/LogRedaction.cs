using System.Collections;
using System.Globalization;
using System.Text.RegularExpressions;
using Vimercate.Abstractions;

namespace Vimercate.Privacy;

/// <summary>Masks anything that looks like a phone number in text bound for a log line or a trace.</summary>
/// <remarks>
/// Subscriber grains are keyed by the number, so Orleans' own messages (activation, storage and call failures) name it;
/// so do request paths of the data protection officer's routes, where people write numbers as they please
/// (<c>+39 333 765 4321</c>, <c>333-765-4321</c>, URL-encoded). Every run of digits joined by single spaces, dashes,
/// plus signs or their URL escapes, 6 to 17 digits in all, that is not part of a word (a hex id such as a GUID) and is not
/// an ISO date is masked like <see cref="PhoneNumbers.Mask(string?)"/>. That also masks some numbers that are not phone
/// numbers (long counters, fractions of a second, some error codes): a price worth paying for never writing a citizen's
/// number.
/// </remarks>
public static partial class LogRedaction
{
    private const int FewestDigits = 6;

    // E.164's 15 digits behind an international prefix "00".
    private const int MostDigits = 17;

    /// <summary>The text with every number-like run masked.</summary>
    public static string Scrub(string text) =>
        text.Length < FewestDigits ? text : NumberLike().Replace(text, static match => MaskRun(match.Value));

    /// <summary>A structured log value with any number-like text masked; dates, durations, flags and small numbers stay as they are.</summary>
    public static object? ScrubValue(object? value, Func<string, string> scrub)
    {
        ArgumentNullException.ThrowIfNull(scrub);
        switch (value)
        {
            case null or bool or Enum or DateTime or DateTimeOffset or TimeSpan or double or float or decimal or Guid:
                return value;
            case string text:
                return scrub(text);
            case IEnumerable items:
                return string.Join(", ", items.Cast<object?>().Select(item => scrub(Convert.ToString(item, CultureInfo.InvariantCulture) ?? "")));
            default:
                var formatted = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
                var scrubbed = scrub(formatted);
                return scrubbed == formatted ? value : scrubbed;
        }
    }

    private static string MaskRun(string run)
    {
        var date = IsoDate().Match(run);
        if (date.Success)
        {
            return date.Value + Scrub(run[date.Length..]);
        }

        var digits = string.Concat(UrlEscapes().Replace(run, " ").Where(char.IsAsciiDigit));
        if (digits.Length is < FewestDigits or > MostDigits)
        {
            return run;
        }

        var plus = run.StartsWith('+') ? "+" : run.StartsWith("%2B", StringComparison.OrdinalIgnoreCase) ? run[..3] : "";
        return plus + PhoneNumbers.Mask(digits);
    }

    // Groups of digits (a group after the first may stand in parentheses) joined by one space, dash or plus, raw or URL-escaped; atomic,
    // so a run that ends inside a word is left whole rather than cut short.
    [GeneratedRegex(@"(?<![0-9A-Za-z%])(?>(?:\+|%2[Bb])?\d+(?:(?:[ +\-]|%2[0BbDd])(?:\(\d+\)|\d+))*)(?![0-9A-Za-z])", RegexOptions.CultureInvariant)]
    private static partial Regex NumberLike();

    [GeneratedRegex(@"%2[0BbDd]", RegexOptions.CultureInvariant)]
    private static partial Regex UrlEscapes();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDate();
}
