using System.Diagnostics;

namespace Vimercate.Bench.Driver;

/// <summary>Latencies of one run, kept whole (runs are bounded) so percentiles are exact.</summary>
public sealed class Latencies(int capacity)
{
    private readonly long[] _ticks = new long[capacity];
    private int _count;

    /// <summary>How many were recorded.</summary>
    public int Count => Math.Min(Volatile.Read(ref _count), _ticks.Length);

    /// <summary>Records one latency in <see cref="Stopwatch"/> ticks; beyond the capacity it is dropped.</summary>
    public void Add(long ticks)
    {
        var index = Interlocked.Increment(ref _count) - 1;
        if (index < _ticks.Length)
        {
            _ticks[index] = ticks;
        }
    }

    /// <summary>The p-th percentile (0..100) in milliseconds, nearest rank; NaN when empty.</summary>
    public double Percentile(double p)
    {
        var count = Count;
        if (count == 0)
        {
            return double.NaN;
        }

        var sorted = _ticks[..count];
        Array.Sort(sorted);
        var rank = Math.Clamp((int)Math.Ceiling(p / 100 * count) - 1, 0, count - 1);
        return sorted[rank] * 1000.0 / Stopwatch.Frequency;
    }
}
