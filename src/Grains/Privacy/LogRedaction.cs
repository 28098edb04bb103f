using System.Collections;
using System.Globalization;
using System.Text.RegularExpressions;
using Vimercate.Abstractions;

namespace Vimercate.Privacy;

/// <summary>Masks anything that looks like a phone number in text bound for a log line or a trace.</summary>
/// <remarks>
/// Subscriber grains are keyed by the number, so Orleans' own messages (activation, storage and call failures) name it;
/// so do request paths of the data protection officer's routes. Every run of 6 to 15 digits that is not part of a word
/// (a hex id such as a GUID) is masked like <see cref="PhoneNumbers.Mask(string?)"/>, which also masks some numbers that
/// are not phone numbers (long counters, timestamps in seconds, fractions of a second): a price worth paying for never
/// writing a citizen's number.
/// </remarks>
public static partial class LogRedaction
{
    /// <summary>The text with every run of 6 to 15 digits that is not part of a word masked.</summary>
    public static string Scrub(string text) =>
        text.Length < 6 ? text : DigitRuns().Replace(text, static match => PhoneNumbers.Mask(match.Value));

    /// <summary>A structured log value with any number-like text masked; dates, durations, flags and small numbers stay as they are.</summary>
    public static object? ScrubValue(object? value)
    {
        switch (value)
        {
            case null or bool or Enum or DateTime or DateTimeOffset or TimeSpan or double or float or decimal or Guid:
                return value;
            case string text:
                return Scrub(text);
            case IEnumerable items:
                return string.Join(", ", items.Cast<object?>().Select(item => Scrub(Convert.ToString(item, CultureInfo.InvariantCulture) ?? "")));
            default:
                var formatted = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
                var scrubbed = Scrub(formatted);
                return ReferenceEquals(scrubbed, formatted) || scrubbed == formatted ? value : scrubbed;
        }
    }

    [GeneratedRegex(@"(?<![0-9A-Za-z])\d{6,15}(?![0-9A-Za-z])", RegexOptions.CultureInvariant)]
    private static partial Regex DigitRuns();
}
