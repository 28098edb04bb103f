using System.Diagnostics;
using System.Reflection;

namespace Vimercate.Bench.Driver;

/// <summary>
/// This program started again as a child (<c>fake-graph</c> or <c>service</c>): waits for its <c>READY url</c> line,
/// copies everything it prints to a log file, and ends it on dispose (closing its input first, killing it if needed).
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Task _stdout;
    private readonly Task _stderr;

    private ChildProcess(Process process, StreamWriter log, string baseAddress, Task stdout, Task stderr)
    {
        _process = process;
        _log = log;
        BaseAddress = baseAddress;
        _stdout = stdout;
        _stderr = stderr;
    }

    /// <summary>Where the child listens, e.g. http://127.0.0.1:41234.</summary>
    public string BaseAddress { get; }

    /// <summary>The child's process id, for dotnet-counters and dotnet-trace.</summary>
    public int Id => _process.Id;

    /// <summary>
    /// Starts <c>dotnet exec this-program <paramref name="verb"/></c> with extra environment variables and waits until it is ready;
    /// <paramref name="runtimeConfig"/> (a file next to the bench) replaces the bench's runtime settings (GC mode and the like).
    /// </summary>
    public static async Task<ChildProcess> StartAsync(string verb, IReadOnlyDictionary<string, string> environment, string logFile, string? runtimeConfig = null)
    {
        var start = new ProcessStartInfo
        {
            FileName = "dotnet",
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var self = Assembly.GetEntryAssembly()!.Location;
        start.ArgumentList.Add("exec");
        if (runtimeConfig is not null)
        {
            start.ArgumentList.Add("--runtimeconfig");
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, runtimeConfig));
            start.ArgumentList.Add("--depsfile");
            start.ArgumentList.Add(Path.ChangeExtension(self, ".deps.json"));
        }

        start.ArgumentList.Add(self);
        start.ArgumentList.Add(verb);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        var log = new StreamWriter(logFile, append: false) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start the {verb} process.");
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stdout = PumpAsync(process.StandardOutput, log, ready);
        var stderr = PumpAsync(process.StandardError, log, null);
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(ready.Task, exited, Task.Delay(StartTimeout));
        if (first != ready.Task)
        {
            var reason = first == exited ? $"exited with code {process.ExitCode}" : $"was not ready within {StartTimeout.TotalSeconds:F0} s";
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await log.DisposeAsync();
            throw new InvalidOperationException($"The {verb} process {reason}; see {logFile}.");
        }

        return new ChildProcess(process, log, await ready.Task, stdout, stderr);
    }

    private static async Task PumpAsync(StreamReader reader, StreamWriter log, TaskCompletionSource<string>? ready)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            if (ready is not null && !ready.Task.IsCompleted && line.StartsWith("READY ", StringComparison.Ordinal))
            {
                ready.TrySetResult(line["READY ".Length..].Trim());
                continue;
            }

            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        await Task.WhenAll(_stdout, _stderr);
        await _log.DisposeAsync();
        _process.Dispose();
    }
}
