using System.Globalization;
using Orleans.Concurrency;
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

/// <summary>Opt-in and opt-out counters of one local day (key: "yyyy-MM-dd" in Service:TimeZone, see <see cref="SubscriberStatsDay"/>).</summary>
public interface ISubscriberStatsGrain : IGrainWithStringKey
{
    /// <summary>Counts one consent change; idempotent per wamid within the day.</summary>
    Task RecordAsync(ConsentAction action, string wamid);

    /// <summary>As <see cref="RecordAsync"/>, but the caller does not wait: for the citizen's path, which must not queue behind the day's counters.</summary>
    [OneWay]
    Task CountAsync(ConsentAction action, string wamid);

    /// <summary>The day's counters.</summary>
    Task<ConsentDayStats> GetAsync();
}

/// <summary>Names the day an instant falls on, the key of <see cref="ISubscriberStatsGrain"/>.</summary>
public static class SubscriberStatsDay
{
    /// <summary>The local date of <paramref name="instant"/> in <paramref name="zone"/>, as "yyyy-MM-dd".</summary>
    public static string KeyFor(DateTimeOffset instant, TimeZoneInfo zone) => KeyFor(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime));

    /// <summary>The key of a local date, as "yyyy-MM-dd".</summary>
    public static string KeyFor(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
