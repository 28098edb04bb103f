namespace Vimercate.Statistics;

/// <summary>Persistent state of a <see cref="SubscriberStatsGrain"/>.</summary>
[GenerateSerializer, Alias("vimercate.SubscriberStatsState")]
public sealed class SubscriberStatsState
{
    /// <summary>Opt-ins counted this day.</summary>
    [Id(0)]
    public int OptIns { get; set; }

    /// <summary>Opt-outs (and number changes) counted this day.</summary>
    [Id(1)]
    public int OptOuts { get; set; }

    /// <summary>Hashes of the wamids already counted (<see cref="WamidHash"/>), so a retried call counts once.</summary>
    [Id(2)]
    public HashSet<ulong> CountedWamids { get; set; } = [];
}
