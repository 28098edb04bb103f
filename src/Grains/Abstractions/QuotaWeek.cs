using System.Globalization;

namespace Vimercate.Abstractions;

/// <summary>A calendar week, Monday 00:00 to Monday 00:00 in the service's time zone, named by its ISO week ("2026-W48").</summary>
/// <param name="Key">The ISO week, the key of the week's <see cref="IQuotaGrain"/>.</param>
/// <param name="Start">Monday 00:00 local time, with that moment's offset.</param>
/// <param name="End">The next Monday 00:00 local time, with that moment's offset: when the quota resets.</param>
[GenerateSerializer, Immutable, Alias("vimercate.QuotaWeek")]
public sealed record QuotaWeek(
    [property: Id(0)] string Key,
    [property: Id(1)] DateTimeOffset Start,
    [property: Id(2)] DateTimeOffset End)
{
    /// <summary>The week that contains <paramref name="instant"/> in <paramref name="zone"/>.</summary>
    public static QuotaWeek Containing(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone).DateTime;
        var daysSinceMonday = ((int)local.DayOfWeek + 6) % 7;
        var monday = local.Date.AddDays(-daysSinceMonday);
        return Of(monday, zone);
    }

    /// <summary>The week named by an ISO week key ("2026-W48"); throws <see cref="FormatException"/> for anything else.</summary>
    public static QuotaWeek Parse(string key, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length != 8 || key[4] != '-' || key[5] != 'W'
            || !int.TryParse(key.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(key.AsSpan(6, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var week)
            || year < 1 || week < 1 || week > ISOWeek.GetWeeksInYear(year))
        {
            throw new FormatException($"'{key}' is not an ISO week such as 2026-W48.");
        }

        return Of(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday), zone);
    }

    /// <summary>Whether <paramref name="instant"/> falls in this week (start inclusive, end exclusive).</summary>
    public bool Contains(DateTimeOffset instant) => instant >= Start && instant < End;

    private static QuotaWeek Of(DateTime monday, TimeZoneInfo zone)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(monday):D4}-W{ISOWeek.GetWeekOfYear(monday):D2}");
        return new QuotaWeek(key, AtLocalMidnight(monday, zone), AtLocalMidnight(monday.AddDays(7), zone));
    }

    // Europe/Rome changes its clocks at 02:00 on a Sunday, so its Monday midnight always exists once; zones that
    // change at midnight skip it (the week starts when the clocks jump) or repeat it (the week starts at the first one).
    private static DateTimeOffset AtLocalMidnight(DateTime date, TimeZoneInfo zone)
    {
        var local = DateTime.SpecifyKind(date, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            var offsetBefore = zone.GetUtcOffset(local.AddDays(-1));
            return new DateTimeOffset(local, offsetBefore).ToOffset(zone.GetUtcOffset(local.AddDays(1)));
        }

        if (zone.IsAmbiguousTime(local))
        {
            return new DateTimeOffset(local, zone.GetAmbiguousTimeOffsets(local).Max());
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
