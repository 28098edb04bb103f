using System.Globalization;

namespace Vimercate.Bench.Driver;

/// <summary>One measured figure, and the target it is held against when it has one.</summary>
/// <param name="Benchmark">What was measured, e.g. "fan-out 100,000, embedded".</param>
/// <param name="Metric">Which figure.</param>
/// <param name="Value">The figure with its unit.</param>
/// <param name="Target">The target, e.g. "≥ 10,000 msg/s"; null when the figure is for information.</param>
/// <param name="Met">Whether the target is met; null without a target.</param>
public sealed record ResultRow(string Benchmark, string Metric, string Value, string? Target = null, bool? Met = null);

/// <summary>Everything a run measured, and every functional failure it saw (lost messages, wrong counts, errors).</summary>
public sealed class BenchResults
{
    private readonly List<ResultRow> _rows = [];
    private readonly List<string> _failures = [];
    private readonly List<string> _notes = [];

    /// <summary>Rows in the order they were measured.</summary>
    public IReadOnlyList<ResultRow> Rows => _rows;

    /// <summary>Functional failures: any one makes the run fail.</summary>
    public IReadOnlyList<string> Failures => _failures;

    /// <summary>Remarks on how figures were taken (skipped parts, settings).</summary>
    public IReadOnlyList<string> Notes => _notes;

    /// <summary>Adds a figure for information.</summary>
    public void Info(string benchmark, string metric, string value) => Add(new ResultRow(benchmark, metric, value));

    /// <summary>Adds a figure held against a target.</summary>
    public void Target(string benchmark, string metric, string value, string target, bool met) => Add(new ResultRow(benchmark, metric, value, target, met));

    /// <summary>Records a functional failure.</summary>
    public void Fail(string benchmark, string what)
    {
        var line = $"{benchmark}: {what}";
        _failures.Add(line);
        Console.WriteLine($"  FAILED {line}");
    }

    /// <summary>Checks a functional condition.</summary>
    public void Check(bool condition, string benchmark, string what)
    {
        if (!condition)
        {
            Fail(benchmark, what);
        }
    }

    /// <summary>Adds a remark for the report.</summary>
    public void Note(string note)
    {
        _notes.Add(note);
        Console.WriteLine($"  note: {note}");
    }

    private void Add(ResultRow row)
    {
        _rows.Add(row);
        var verdict = row.Met switch { true => "  [met]", false => "  [MISSED]", null => "" };
        Console.WriteLine($"  {row.Benchmark} | {row.Metric}: {row.Value}{(row.Target is null ? "" : $" (target {row.Target})")}{verdict}");
    }
}

/// <summary>Number formats of the report.</summary>
public static class Figures
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A count with thousands separators.</summary>
    public static string Count(double value) => value.ToString("#,0", Invariant);

    /// <summary>Milliseconds with one decimal.</summary>
    public static string Ms(double value) => double.IsNaN(value) ? "n/a" : value.ToString("#,0.0", Invariant) + " ms";

    /// <summary>A rate per second.</summary>
    public static string Rate(double value, string unit) => value.ToString("#,0", Invariant) + " " + unit;

    /// <summary>A share in percent.</summary>
    public static string Percent(double value) => (value * 100).ToString("0.0", Invariant) + " %";

    /// <summary>Bytes in MiB.</summary>
    public static string MiB(double bytes) => (bytes / (1024 * 1024)).ToString("#,0.0", Invariant) + " MiB";

    /// <summary>Bytes with one decimal.</summary>
    public static string Bytes(double value) => value.ToString("0.0", Invariant) + " B";
}
