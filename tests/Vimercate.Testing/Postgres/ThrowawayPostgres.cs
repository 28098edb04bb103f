using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Vimercate.Testing.Postgres;

/// <summary>How a <see cref="ThrowawayPostgres"/> is had: which environment variable may name a server instead, and how the throwaway one runs.</summary>
public sealed record ThrowawayPostgresOptions
{
    /// <summary>The tests' settings: <c>VIMERCATE_TEST_POSTGRES</c>, no durability (fast).</summary>
    public static ThrowawayPostgresOptions Tests { get; } = new();

    /// <summary>Environment variable holding the connection string of a server to use instead of starting one.</summary>
    public string EnvironmentVariable { get; init; } = "VIMERCATE_TEST_POSTGRES";

    /// <summary>Whether the throwaway server keeps PostgreSQL's default durability (fsync, synchronous commit) as production does.</summary>
    public bool Durable { get; init; }

    /// <summary>The throwaway server's <c>max_connections</c>.</summary>
    public int MaxConnections { get; init; } = 200;

    /// <summary>Settings added to every connection string handed out (e.g. <c>Maximum Pool Size=200</c>).</summary>
    public string ConnectionSettings { get; init; } = "";
}

/// <summary>
/// A PostgreSQL server for tests and the bench: the one named by an environment variable, or one started from the local
/// binaries as the <c>postgres</c> user on a free loopback port, in a temporary directory removed on dispose. A server
/// started here can be stopped, started and restarted, so tests can take PostgreSQL away under load.
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private const string BinariesRoot = "/usr/lib/postgresql";
    private const string ServiceUser = "postgres";

    private readonly ThrowawayPostgresOptions _options;
    private readonly string? _binaries;
    private readonly DirectoryInfo? _directory;
    private readonly int _port;
    private readonly SemaphoreSlim _control = new(1, 1);

    private ThrowawayPostgres(ThrowawayPostgresOptions options, string adminConnectionString, string? binaries, DirectoryInfo? directory, int port)
    {
        _options = options;
        AdminConnectionString = adminConnectionString;
        _binaries = binaries;
        _directory = directory;
        _port = port;
    }

    /// <summary>Connection string of the server's <c>postgres</c> database, with the right to create and drop databases.</summary>
    public string AdminConnectionString { get; }

    /// <summary>Whether this process started the server, and so may stop and start it.</summary>
    public bool Controllable => _binaries is not null;

    /// <summary>Whether the server is running, as far as this process knows.</summary>
    public bool Running { get; private set; } = true;

    /// <summary>Whether a server can be had: the environment variable is set or the binaries are installed.</summary>
    public static bool Available(ThrowawayPostgresOptions options) =>
        Environment.GetEnvironmentVariable(options.EnvironmentVariable) is { Length: > 0 } || FindBinaries() is not null;

    /// <summary>What to do when no server can be had, as the README says it.</summary>
    public static string HowToProvide(ThrowawayPostgresOptions options) =>
        $"These tests need a PostgreSQL server: set {options.EnvironmentVariable} to the connection string of a server where the user may create " +
        $"databases (e.g. \"Host=127.0.0.1;Port=5432;Username=postgres;Password=...\"), or install the PostgreSQL server binaries " +
        $"(Debian package postgresql) so that initdb and pg_ctl are found under {BinariesRoot}/<version>/bin.";

    /// <summary>Uses the server the environment names, or starts a throwaway one; fails with <see cref="HowToProvide"/> when neither works.</summary>
    public static async Task<ThrowawayPostgres> StartAsync(ThrowawayPostgresOptions? options = null)
    {
        options ??= ThrowawayPostgresOptions.Tests;
        if (Environment.GetEnvironmentVariable(options.EnvironmentVariable) is { Length: > 0 } configured)
        {
            var named = new ThrowawayPostgres(options, configured, null, null, 0);
            await named.PingAsync($"{options.EnvironmentVariable} is set but its server cannot be used");
            return named;
        }

        var binaries = FindBinaries() ?? throw new InvalidOperationException(HowToProvide(options));
        var directory = Directory.CreateTempSubdirectory("vimercate-pg-");
        try
        {
            if (RunsAsRoot)
            {
                await RunAsync("chown", [ServiceUser, directory.FullName], asServiceUser: false, options);
            }

            var port = LoopbackPorts.Free();
            var initdb = new List<string> { "-D", DataDirectory(directory), "-U", ServiceUser, "--auth=trust", "-E", "UTF8" };
            if (!options.Durable)
            {
                initdb.Add("--no-sync");
            }

            await RunAsync(Path.Combine(binaries, "initdb"), initdb, asServiceUser: true, options);
            var admin = $"Host=127.0.0.1;Port={port};Username={ServiceUser};Database=postgres";
            var server = new ThrowawayPostgres(options, Append(admin, options.ConnectionSettings), binaries, directory, port);
            await server.StartServerAsync();
            await server.PingAsync("the throwaway server started but does not answer");
            return server;
        }
        catch
        {
            directory.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"vimercate_test_{Guid.NewGuid():N}";
        await ExecuteAsync($"CREATE DATABASE \"{name}\"");
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing its connections.</summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        using (var connection = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        if (!Running)
        {
            return;
        }

        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    /// <summary>Stops the server at once (<c>pg_ctl stop -m fast</c>): open connections break, new ones are refused.</summary>
    public async Task StopAsync()
    {
        await _control.WaitAsync();
        try
        {
            if (Running)
            {
                await PgCtlAsync("-m", "fast", "-w", "stop");
                Running = false;
            }
        }
        finally
        {
            _control.Release();
        }
    }

    /// <summary>Starts the server again after <see cref="StopAsync"/>, on the same port with the same data.</summary>
    public async Task StartAgainAsync()
    {
        await _control.WaitAsync();
        try
        {
            if (!Running)
            {
                await StartServerAsync();
            }
        }
        finally
        {
            _control.Release();
        }
    }

    /// <summary>Restarts the server (<c>pg_ctl restart -m fast</c>): every connection breaks once, the data stays.</summary>
    public async Task RestartAsync()
    {
        await _control.WaitAsync();
        try
        {
            EnsureControllable();
            await RunAsync(Path.Combine(_binaries!, "pg_ctl"), ["-D", DataDirectory(_directory!), "-l", LogFile, "-m", "fast", "-w", "-t", "60", "-o", ServerSettings, "restart"], asServiceUser: true, _options);
            Running = true;
        }
        finally
        {
            _control.Release();
        }
    }

    /// <summary>Stops the server now and starts it again after <paramref name="outage"/>; the task ends when it is back.</summary>
    public async Task StopForAsync(TimeSpan outage)
    {
        await StopAsync();
        await Task.Delay(outage);
        await StartAgainAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_directory is null || _binaries is null)
        {
            return;
        }

        try
        {
            if (Running)
            {
                await PgCtlAsync("-m", "immediate", "-w", "stop");
            }
        }
        finally
        {
            _directory.Delete(recursive: true);
            _control.Dispose();
        }
    }

    private static bool RunsAsRoot => Environment.UserName == "root";

    private string LogFile => Path.Combine(_directory!.FullName, "server.log");

    private string ServerSettings =>
        $"-p {_port} -k {_directory!.FullName} -c listen_addresses=127.0.0.1 -c max_connections={_options.MaxConnections}" +
        (_options.Durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off");

    private static string DataDirectory(DirectoryInfo directory) => Path.Combine(directory.FullName, "data");

    private static string Append(string connectionString, string settings) =>
        string.IsNullOrWhiteSpace(settings) ? connectionString : $"{connectionString};{settings.Trim(';')}";

    private async Task StartServerAsync()
    {
        EnsureControllable();
        await RunAsync(Path.Combine(_binaries!, "pg_ctl"), ["-D", DataDirectory(_directory!), "-l", LogFile, "-w", "-t", "60", "-o", ServerSettings, "start"], asServiceUser: true, _options);
        Running = true;
    }

    private Task PgCtlAsync(params string[] arguments)
    {
        EnsureControllable();
        return RunAsync(Path.Combine(_binaries!, "pg_ctl"), ["-D", DataDirectory(_directory!), .. arguments], asServiceUser: true, _options);
    }

    private void EnsureControllable()
    {
        if (!Controllable)
        {
            throw new InvalidOperationException($"The server named by {_options.EnvironmentVariable} is not this process's to stop or start.");
        }
    }

    private static string? FindBinaries() =>
        Directory.Exists(BinariesRoot)
            ? Directory.EnumerateDirectories(BinariesRoot)
                .Select(directory => Path.Combine(directory, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : 0)
                .FirstOrDefault()
            : null;

    private static async Task RunAsync(string fileName, IReadOnlyList<string> arguments, bool asServiceUser, ThrowawayPostgresOptions options)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asServiceUser && RunsAsRoot)
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

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}. {HowToProvide(options)}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(fileName)} failed with exit code {process.ExitCode}: {await output} {await error}. {HowToProvide(options)}");
        }
    }

    private async Task PingAsync(string problem)
    {
        try
        {
            await using var connection = new NpgsqlConnection(AdminConnectionString);
            await connection.OpenAsync();
        }
        catch (NpgsqlException exception)
        {
            throw new InvalidOperationException($"PostgreSQL: {problem} ({exception.GetBaseException().Message}). {HowToProvide(_options)}", exception);
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
