using System.Text.RegularExpressions;
using Vimercate.Abstractions;

namespace Vimercate.Api.Webhook;

/// <summary>Masks anything that looks like a phone number in text bound for a log line (exception texts name grain keys).</summary>
internal static partial class LogScrubber
{
    /// <summary>The text with every run of 6 to 15 digits masked like <see cref="PhoneNumbers.Mask(string?)"/>.</summary>
    public static string Scrub(string text) => DigitRuns().Replace(text, match => PhoneNumbers.Mask(match.Value));

    [GeneratedRegex(@"(?<!\d)\d{6,15}(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex DigitRuns();
}
