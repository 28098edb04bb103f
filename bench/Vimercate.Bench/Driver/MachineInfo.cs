using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Vimercate.Bench.Driver;

/// <summary>The machine the figures come from: CPU, cores, memory, OS, .NET, and how busy it was.</summary>
public sealed record MachineInfo(string Cpu, int Cores, string Memory, string Os, string Runtime, string LoadAverage)
{
    /// <summary>Reads /proc and the runtime.</summary>
    public static MachineInfo Capture() => new(
        ProcLine("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        Environment.ProcessorCount,
        ProcLine("/proc/meminfo", "MemTotal") is { } total ? Figures.MiB(long.Parse(total.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], System.Globalization.CultureInfo.InvariantCulture) * 1024.0) : "unknown",
        OsName(),
        RuntimeInformation.FrameworkDescription,
        LoadAverageNow());

    /// <summary>The 1, 5 and 15 minute load averages.</summary>
    public static string LoadAverageNow() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>The commit the bench was built from, when git can tell.</summary>
    public static string Commit()
    {
        try
        {
            var start = new ProcessStartInfo("git", "rev-parse --short HEAD") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var process = Process.Start(start);
            if (process is null)
            {
                return "unknown";
            }

            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit(10_000);
            var dirty = Process.Start(new ProcessStartInfo("git", "status --porcelain --untracked-files=no") { RedirectStandardOutput = true, UseShellExecute = false });
            var changes = dirty?.StandardOutput.ReadToEnd().Trim() ?? "";
            dirty?.WaitForExit(10_000);
            return output.Length == 0 ? "unknown" : changes.Length == 0 ? output : output + " (with local changes)";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }

    private static string OsName()
    {
        var pretty = ProcLine("/etc/os-release", "PRETTY_NAME", '=')?.Trim('"');
        return pretty is null ? RuntimeInformation.OSDescription : $"{pretty}, kernel {Environment.OSVersion.Version}";
    }

    private static string? ProcLine(string path, string key, char separator = ':')
    {
        if (!File.Exists(path))
        {
            return null;
        }

        return File.ReadLines(path)
            .Where(line => line.StartsWith(key, StringComparison.Ordinal))
            .Select(line => line[(line.IndexOf(separator, StringComparison.Ordinal) + 1)..].Trim())
            .FirstOrDefault();
    }
}
