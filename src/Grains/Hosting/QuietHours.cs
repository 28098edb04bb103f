using System.Globalization;

namespace Vimercate.Hosting;

/// <summary>The local hours in which news and weather campaigns wait (<c>Service:QuietHours</c>), e.g. 21:00-08:00 across midnight.</summary>
/// <param name="Start">When the quiet hours begin, local time.</param>
/// <param name="End">When they end, local time; before <paramref name="Start"/> when they run across midnight.</param>
public readonly record struct QuietHours(TimeOnly Start, TimeOnly End)
{
    /// <summary>Reads "HH:mm-HH:mm"; empty or blank means no quiet hours (null). False when the text is neither.</summary>
    public static bool TryParse(string? text, out QuietHours? hours)
    {
        hours = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length != 2
            || !TimeOnly.TryParseExact(parts[0], "H:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            || !TimeOnly.TryParseExact(parts[1], "H:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end)
            || start == end)
        {
            return false;
        }

        hours = new QuietHours(start, end);
        return true;
    }

    /// <summary>The quiet hours of the service options; null when they are off.</summary>
    public static QuietHours? Of(ServiceOptions service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return TryParse(service.QuietHours, out var hours) ? hours : throw new FormatException($"Service:QuietHours '{service.QuietHours}' is not valid.");
    }

    /// <summary>When the quiet hours around <paramref name="instant"/> end, in <paramref name="zone"/>; null when the instant is outside them.</summary>
    public DateTimeOffset? EndAfter(DateTimeOffset instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var today = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromDateTime(local.DateTime);
        DateOnly? endDay = (Start < End, time >= Start, time < End) switch
        {
            (true, true, true) => today,
            (false, true, _) => today.AddDays(1),
            (false, false, true) => today,
            _ => null,
        };
        return endDay is { } day ? Instant(day.ToDateTime(End), zone) : null;
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Start:HH:mm}-{End:HH:mm}");

    // A local time the clock skips (the spring change) is read as the first valid minute after it.
    private static DateTimeOffset Instant(DateTime local, TimeZoneInfo zone)
    {
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
