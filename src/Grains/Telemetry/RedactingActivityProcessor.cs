using System.Diagnostics;
using OpenTelemetry;
using Vimercate.Privacy;

namespace Vimercate.Telemetry;

/// <summary>
/// Masks number-like text in every finished span before it is exported: Orleans names the target grain (a subscriber's
/// number) in its call spans, and request paths of the data protection officer's routes carry the number.
/// </summary>
internal sealed class RedactingActivityProcessor : BaseProcessor<Activity>
{
    /// <inheritdoc />
    public override void OnEnd(Activity data)
    {
        data.DisplayName = LogRedaction.Scrub(data.DisplayName);
        List<KeyValuePair<string, string>>? scrubbed = null;
        foreach (var (key, value) in data.TagObjects)
        {
            if (value is null)
            {
                continue;
            }

            var text = value as string ?? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
            var masked = LogRedaction.Scrub(text);
            if (masked != text)
            {
                (scrubbed ??= []).Add(new(key, masked));
            }
        }

        foreach (var (key, masked) in scrubbed ?? [])
        {
            data.SetTag(key, masked);
        }
    }
}
