using System.Text.RegularExpressions;

namespace Vimercate.Privacy;

/// <summary>What text bound for a log line or a trace goes through: message ids become their keyed hash, numbers are masked.</summary>
/// <remarks>
/// Meta's wamid is base64 of a small record that holds the citizen's number, so it is replaced as a whole by
/// <see cref="NumberHasher.LogNameOfMessageId"/> (the same name the consent records keep, shortened) before
/// <see cref="LogRedaction"/> masks what still looks like a number.
/// </remarks>
public sealed partial class LogRedactor(NumberHasher hasher)
{
    /// <summary>The text with message ids hashed and numbers masked.</summary>
    public string Scrub(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var named = text.Contains("wamid.", StringComparison.Ordinal) ? MessageId().Replace(text, match => NameOf(match.Value)) : text;
        return LogRedaction.Scrub(named);
    }

    /// <summary>A structured log value, scrubbed as <see cref="Scrub"/> does; dates, durations, flags and small numbers stay as they are.</summary>
    public object? ScrubValue(object? value) => LogRedaction.ScrubValue(value, Scrub);

    private string NameOf(string wamid)
    {
        try
        {
            return hasher.LogNameOfMessageId(wamid);
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException)
        {
            // The host is refusing its settings and will not start; the id must not be written all the same.
            return NumberHasher.MessageIdLogPrefix + "?";
        }
    }

    // "wamid." and its base64 (standard or URL alphabet); a dot belongs to it only when more of it follows.
    [GeneratedRegex(@"wamid\.(?:[A-Za-z0-9+/=_\-]|\.(?=[A-Za-z0-9]))+", RegexOptions.CultureInvariant)]
    private static partial Regex MessageId();
}
