using System.Diagnostics;
using OpenTelemetry;
using Vimercate.Privacy;

namespace Vimercate.Telemetry;

/// <summary>
/// Scrubs every finished span with the <see cref="LogRedactor"/> before it is exported: Orleans names the target grain (a
/// subscriber's number) in its call spans, request paths of the data protection officer's routes carry the number, and
/// message ids hold it.
/// </summary>
internal sealed class RedactingActivityProcessor(LogRedactor redactor) : BaseProcessor<Activity>
{
    /// <inheritdoc />
    public override void OnEnd(Activity data)
    {
        data.DisplayName = redactor.Scrub(data.DisplayName);
        List<KeyValuePair<string, string>>? scrubbed = null;
        foreach (var (key, value) in data.TagObjects)
        {
            if (value is null)
            {
                continue;
            }

            var text = value as string ?? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
            var masked = redactor.Scrub(text);
            if (masked != text)
            {
                (scrubbed ??= []).Add(new(key, masked));
            }
        }

        foreach (var (key, masked) in scrubbed ?? [])
        {
            data.SetTag(key, masked);
        }

        if (data.StatusDescription is { } description)
        {
            data.SetStatus(data.Status, redactor.Scrub(description));
        }
    }
}
