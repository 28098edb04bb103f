using System.Diagnostics;

namespace Vimercate.Testing.Cluster;

/// <summary>A shared order of test events across silos: which happened first, a send, a fetch or an opt-out.</summary>
public sealed class EventClock
{
    private long _order;

    /// <summary>Stopwatch timestamp of the test's start.</summary>
    public long Started { get; } = Stopwatch.GetTimestamp();

    /// <summary>The next position in the order.</summary>
    public long Next() => Interlocked.Increment(ref _order);
}
