using System.Globalization;
using System.Text;

namespace Vimercate.Bench.Driver;

/// <summary>The run's table on the console and its section of docs/BENCHMARKS.md (between the results markers; the rest of the file is kept).</summary>
public sealed class Report(
    BenchSize size, MachineInfo machine, string loadAtEnd, DateTimeOffset started, TimeSpan elapsed, string commit, BenchResults results, string arguments)
{
    /// <summary>Start of the generated part of the document.</summary>
    public const string Begin = "<!-- bench:results:begin (written by the bench; edit outside these markers) -->";

    /// <summary>End of the generated part of the document.</summary>
    public const string End = "<!-- bench:results:end -->";

    /// <summary>Prints the figures as a table.</summary>
    public void Print()
    {
        var rows = results.Rows;
        var widths = new[]
        {
            Math.Max(9, rows.Max(r => r.Benchmark.Length)),
            Math.Max(6, rows.Max(r => r.Metric.Length)),
            Math.Max(5, rows.Max(r => r.Value.Length)),
            Math.Max(6, rows.Max(r => r.Target?.Length ?? 0)),
        };
        Console.WriteLine();
        Console.WriteLine(Line("benchmark", "figure", "value", "target", "met", widths));
        Console.WriteLine(new string('-', widths.Sum() + 16));
        foreach (var row in rows)
        {
            Console.WriteLine(Line(row.Benchmark, row.Metric, row.Value, row.Target ?? "", Verdict(row.Met), widths));
        }

        foreach (var failure in results.Failures)
        {
            Console.WriteLine($"FAILED: {failure}");
        }
    }

    /// <summary>Replaces the generated part of <paramref name="path"/>, creating the file when needed.</summary>
    public void Write(string path)
    {
        var section = Markdown();
        var existing = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n\n";
        var begin = existing.IndexOf(Begin, StringComparison.Ordinal);
        var end = existing.IndexOf(End, StringComparison.Ordinal);
        var text = begin >= 0 && end > begin
            ? string.Concat(existing.AsSpan(0, begin), section, existing.AsSpan(end + End.Length))
            : existing.TrimEnd() + "\n\n" + section + "\n";
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, text);
    }

    private string Markdown()
    {
        var md = new StringBuilder();
        md.AppendLine(Begin);
        md.AppendLine(CultureInfo.InvariantCulture, $"### Last run: `{size.Name}`, {started:yyyy-MM-dd HH:mm} UTC, {elapsed.TotalMinutes:F1} min, commit {commit}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Command: `dotnet run -c Release --project bench/Vimercate.Bench -- {arguments}`");
        md.AppendLine();
        md.AppendLine("| machine | |");
        md.AppendLine("| --- | --- |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| CPU | {machine.Cpu} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| cores | {machine.Cores} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| memory | {machine.Memory} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| OS | {machine.Os} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| .NET | {machine.Runtime} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| load average (1, 5, 15 min) at start / end | {machine.LoadAverage} / {loadAtEnd} |");
        md.AppendLine();
        md.AppendLine("#### Targets");
        md.AppendLine();
        md.AppendLine("| benchmark | figure | measured | target | met |");
        md.AppendLine("| --- | --- | --- | --- | --- |");
        foreach (var row in results.Rows.Where(r => r.Target is not null))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {row.Benchmark} | {row.Metric} | {row.Value} | {row.Target} | {Verdict(row.Met)} |");
        }

        md.AppendLine();
        md.AppendLine("#### All figures");
        md.AppendLine();
        md.AppendLine("| benchmark | figure | value |");
        md.AppendLine("| --- | --- | --- |");
        foreach (var row in results.Rows)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {row.Benchmark} | {row.Metric} | {row.Value} |");
        }

        if (results.Notes.Count > 0)
        {
            md.AppendLine();
            foreach (var note in results.Notes)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
            }
        }

        md.AppendLine();
        md.AppendLine(results.Failures.Count == 0
            ? "Functional checks: all passed (nothing lost, nothing duplicated, every status counted)."
            : "Functional failures:");
        foreach (var failure in results.Failures)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {failure}");
        }

        md.Append(End);
        return md.ToString();
    }

    private static string Verdict(bool? met) => met switch { true => "yes", false => "**no**", null => "" };

    private static string Line(string a, string b, string c, string d, string e, int[] widths) =>
        $"{a.PadRight(widths[0])}  {b.PadRight(widths[1])}  {c.PadLeft(widths[2])}  {d.PadRight(widths[3])}  {e}";
}
