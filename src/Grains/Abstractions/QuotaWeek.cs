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
        var key = string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(monday):D4}-W{ISOWeek.GetWeekOfYear(monday):D2}");
        return new QuotaWeek(key, AtLocalMidnight(monday, zone), AtLocalMidnight(monday.AddDays(7), zone));
    }

    private static DateTimeOffset AtLocalMidnight(DateTime date, TimeZoneInfo zone)
    {
        var local = DateTime.SpecifyKind(date, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
