using System.Diagnostics;

namespace Vimercate.Silo.Tests.Processes;

/// <summary>
/// One host started as its own process (<c>dotnet &lt;dll&gt;</c>) with settings in its environment; keeps the last
/// lines of its output for the failure message, and is killed, with everything it started, when disposed.
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private const int KeptLines = 200;

    private readonly Process _process;
    private readonly Queue<string> _lines = new();
    private readonly Lock _gate = new();

    private HostProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    /// <summary>What the test calls the process.</summary>
    public string Name { get; }

    /// <summary>Whether the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the process wrote, standard output and error interleaved.</summary>
    public string Tail
    {
        get
        {
            lock (_gate)
            {
                return string.Join(Environment.NewLine, _lines.Select(line => $"  [{Name}] {line}"));
            }
        }
    }

    /// <summary>Starts <paramref name="assembly"/> with the arguments and environment given.</summary>
    public static HostProcess Start(string name, string assembly, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(HostBinaries.Dotnet)
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        var host = new HostProcess(name, process);
        process.OutputDataReceived += (_, line) => host.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => host.Keep(line.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {name}.");
        }

        Running.Add(host);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Waits for the process to exit by itself and returns its exit code.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} did not exit within {timeout.TotalSeconds:0} s.{Environment.NewLine}{Tail}");
        }

        return _process.ExitCode;
    }

    /// <summary>Kills the process and its children at once, as <c>kill -9</c> would.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Kills the process and its children and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        Kill();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(cancellation.Token);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        finally
        {
            Running.Remove(this);
            _process.Dispose();
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _lines.Enqueue(line);
            if (_lines.Count > KeptLines)
            {
                _lines.Dequeue();
            }
        }
    }

    /// <summary>Hosts still running; killed when the test process exits, should a test end without disposing them.</summary>
    private static class Running
    {
        private static readonly HashSet<HostProcess> Hosts = [];
        private static readonly Lock Gate = new();

        static Running() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            lock (Gate)
            {
                foreach (var host in Hosts.Where(host => !host._process.HasExited))
                {
                    host._process.Kill(entireProcessTree: true);
                }
            }
        };

        public static void Add(HostProcess host)
        {
            lock (Gate)
            {
                Hosts.Add(host);
            }
        }

        public static void Remove(HostProcess host)
        {
            lock (Gate)
            {
                Hosts.Remove(host);
            }
        }
    }
}
