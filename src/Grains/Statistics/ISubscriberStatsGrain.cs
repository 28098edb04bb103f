using System.Globalization;
using Vimercate.Abstractions;

namespace Vimercate.Statistics;

/// <summary>Consent changes of one day: how many, never who.</summary>
/// <param name="OptIns">Numbers that subscribed.</param>
/// <param name="OptOuts">Numbers that unsubscribed, including numbers dropped because the citizen changed number.</param>
[GenerateSerializer, Immutable, Alias("vimercate.ConsentDayStats")]
public sealed record ConsentDayStats(
    [property: Id(0)] int OptIns,
    [property: Id(1)] int OptOuts)
{
    /// <summary>A day without consent changes.</summary>
    public static ConsentDayStats Empty { get; } = new(0, 0);
}

/// <summary>
/// Opt-in and opt-out counters of one part of one local day (key: "yyyy-MM-dd/part", see <see cref="SubscriberStatsDay"/>):
/// a day's consent changes are spread over <see cref="SubscriberStatsDay.Parts"/> grains by their wamid, so a
/// "subscribe now" appeal does not funnel every opt-in of the day through one grain whose every write grows with the day.
/// </summary>
[Alias("vimercate.ISubscriberStatsGrain")]
public interface ISubscriberStatsGrain : IGrainWithStringKey
{
    /// <summary>Counts one consent change; idempotent per wamid within the day; returns once the count is stored.</summary>
    Task RecordAsync(ConsentAction action, string wamid);

    /// <summary>This part's counters.</summary>
    Task<ConsentDayStats> GetAsync();
}

/// <summary>Names the days and parts of the consent counters, and reads or feeds them.</summary>
public static class SubscriberStatsDay
{
    /// <summary>How many grains share one day's counting.</summary>
    public const int Parts = 16;

    /// <summary>The local date of <paramref name="instant"/> in <paramref name="zone"/>, as "yyyy-MM-dd".</summary>
    public static string KeyFor(DateTimeOffset instant, TimeZoneInfo zone) => KeyFor(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime));

    /// <summary>The key of a local date, as "yyyy-MM-dd".</summary>
    public static string KeyFor(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The counter of <paramref name="day"/> that counts <paramref name="wamid"/> (the same on every silo).</summary>
    public static ISubscriberStatsGrain CounterFor(this IGrainFactory grains, string day, string wamid)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.Part(day, (int)(WamidHash.Of(wamid) % Parts));
    }

    /// <summary>The counters of <paramref name="day"/>, summed over its parts.</summary>
    public static async Task<ConsentDayStats> GetConsentDayAsync(this IGrainFactory grains, string day)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var parts = await Task.WhenAll(Enumerable.Range(0, Parts).Select(part => grains.Part(day, part).GetAsync()));
        return new ConsentDayStats(parts.Sum(p => p.OptIns), parts.Sum(p => p.OptOuts));
    }

    private static ISubscriberStatsGrain Part(this IGrainFactory grains, string day, int part) =>
        grains.GetGrain<ISubscriberStatsGrain>(string.Create(CultureInfo.InvariantCulture, $"{day}/{part}"));
}

/// <summary>
/// A 64-bit hash of a wamid (FNV-1a, then a final mix so that wamids differing in one character spread over every
/// part): stable across processes, unlike <see cref="string.GetHashCode()"/>, and 8 bytes to keep.
/// </summary>
internal static class WamidHash
{
    /// <summary>The hash of <paramref name="wamid"/>.</summary>
    public static ulong Of(string wamid)
    {
        ArgumentNullException.ThrowIfNull(wamid);
        var hash = 14695981039346656037UL;
        foreach (var c in wamid)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        hash = (hash ^ (hash >> 33)) * 0xff51afd7ed558ccdUL;
        hash = (hash ^ (hash >> 33)) * 0xc4ceb9fe1a85ec53UL;
        return hash ^ (hash >> 33);
    }
}
