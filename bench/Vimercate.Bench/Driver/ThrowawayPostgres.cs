using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Vimercate.Bench.Driver;

/// <summary>
/// A PostgreSQL server for the PostgreSQL runs: the one in <c>VIMERCATE_BENCH_POSTGRES</c> (a connection string), or one
/// started from the local binaries in a temporary directory, with the server's default durability (fsync and synchronous
/// commit on, as in production), removed afterwards.
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    /// <summary>The environment variable naming a server to use instead.</summary>
    public const string EnvironmentVariable = "VIMERCATE_BENCH_POSTGRES";

    private const string BinariesRoot = "/usr/lib/postgresql";
    private const string ServiceUser = "postgres";

    private readonly string? _binaries;
    private readonly DirectoryInfo? _directory;

    private ThrowawayPostgres(string connectionString, string? binaries, DirectoryInfo? directory)
    {
        ConnectionString = connectionString;
        _binaries = binaries;
        _directory = directory;
    }

    /// <summary>Connection string of the server's postgres database.</summary>
    public string ConnectionString { get; }

    /// <summary>Whether a server can be had: the environment variable is set or the binaries are installed.</summary>
    public static bool Available => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } || FindBinaries() is not null;

    /// <summary>Starts (or names) the server.</summary>
    public static async Task<ThrowawayPostgres> StartAsync()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured)
        {
            return new ThrowawayPostgres(configured, null, null);
        }

        var binaries = FindBinaries() ?? throw new InvalidOperationException($"No PostgreSQL: set {EnvironmentVariable} or apt-get install postgresql.");
        var directory = Directory.CreateTempSubdirectory("vimercate-bench-pg-");
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", [ServiceUser, directory.FullName], asServiceUser: false);
        }

        var data = Path.Combine(directory.FullName, "data");
        var port = FreePort();
        await RunAsync(Path.Combine(binaries, "initdb"), ["-D", data, "-U", ServiceUser, "--auth=trust", "-E", "UTF8"], asServiceUser: true);
        await RunAsync(
            Path.Combine(binaries, "pg_ctl"),
            ["-D", data, "-l", Path.Combine(directory.FullName, "server.log"), "-w", "-t", "60",
             "-o", $"-p {port} -k {directory.FullName} -c listen_addresses=127.0.0.1 -c max_connections=300", "start"],
            asServiceUser: true);
        return new ThrowawayPostgres($"Host=127.0.0.1;Port={port};Username={ServiceUser};Database=postgres;Maximum Pool Size=200", binaries, directory);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_binaries is null || _directory is null)
        {
            return;
        }

        try
        {
            await RunAsync(Path.Combine(_binaries, "pg_ctl"), ["-D", Path.Combine(_directory.FullName, "data"), "-m", "immediate", "-w", "stop"], asServiceUser: true);
        }
        finally
        {
            _directory.Delete(recursive: true);
        }
    }

    private static string? FindBinaries() =>
        Directory.Exists(BinariesRoot)
            ? Directory.EnumerateDirectories(BinariesRoot)
                .Select(directory => Path.Combine(directory, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0)
                .FirstOrDefault()
            : null;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string fileName, IReadOnlyList<string> arguments, bool asServiceUser)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asServiceUser && Environment.UserName == "root")
        {
            start.FileName = "runuser";
            foreach (var argument in (string[])["-u", ServiceUser, "--", fileName])
            {
                start.ArgumentList.Add(argument);
            }
        }
        else
        {
            start.FileName = fileName;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(fileName)} failed with exit code {process.ExitCode}: {await output} {await error}");
        }
    }
}
