using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Vimercate.Silo.Tests.Postgres;

/// <summary>
/// The PostgreSQL server the tests run against: the one named by <c>VIMERCATE_TEST_POSTGRES</c>, or a
/// throwaway server started from the local binaries in a temporary directory and removed afterwards.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    /// <summary>Environment variable holding the connection string of a server the tests may create databases on.</summary>
    public const string EnvironmentVariable = "VIMERCATE_TEST_POSTGRES";

    private const string BinariesRoot = "/usr/lib/postgresql";
    private const string ServiceUser = "postgres";

    private static readonly string HowToProvide =
        $"The PostgreSQL tests need a server: set {EnvironmentVariable} to a connection string of a server where the user may create databases " +
        $"(e.g. \"Host=127.0.0.1;Port=5432;Username=postgres;Password=...\"), or install the PostgreSQL server binaries " +
        $"(apt-get install postgresql) so that initdb and pg_ctl are found under {BinariesRoot}/<version>/bin.";

    private string? _binaries;
    private DirectoryInfo? _directory;

    /// <summary>Connection string with the rights to create and drop databases.</summary>
    public string AdminConnectionString { get; private set; } = "";

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            AdminConnectionString = configured;
            await PingAsync($"{EnvironmentVariable} is set but its server cannot be used");
            return;
        }

        _binaries = FindBinaries() ?? throw new InvalidOperationException(HowToProvide);
        _directory = Directory.CreateTempSubdirectory("vimercate-pg-");
        var data = Path.Combine(_directory.FullName, "data");
        if (RunsAsRoot)
        {
            await RunAsync("chown", [ServiceUser, _directory.FullName], asServiceUser: false);
        }

        var port = FreeLoopbackPort();
        await RunAsync(Path.Combine(_binaries, "initdb"), ["-D", data, "-U", ServiceUser, "--auth=trust", "-E", "UTF8", "--no-sync"], asServiceUser: true);
        await RunAsync(
            Path.Combine(_binaries, "pg_ctl"),
            ["-D", data, "-l", Path.Combine(_directory.FullName, "server.log"), "-w", "-t", "60",
             "-o", $"-p {port} -k {_directory.FullName} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
             "start"],
            asServiceUser: true);
        AdminConnectionString = $"Host=127.0.0.1;Port={port};Username={ServiceUser};Database=postgres";
        await PingAsync("the throwaway server started but does not answer");
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

        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_directory is null || _binaries is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunAsync(Path.Combine(_binaries, "pg_ctl"), ["-D", Path.Combine(_directory.FullName, "data"), "-m", "immediate", "-w", "stop"], asServiceUser: true);
        }
        finally
        {
            _directory.Delete(recursive: true);
        }
    }

    private static bool RunsAsRoot => Environment.UserName == "root";

    private static string? FindBinaries() =>
        Directory.Exists(BinariesRoot)
            ? Directory.EnumerateDirectories(BinariesRoot)
                .Select(directory => Path.Combine(directory, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var version) ? version : 0)
                .FirstOrDefault()
            : null;

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string fileName, IReadOnlyList<string> arguments, bool asServiceUser)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
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

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(fileName)} failed with exit code {process.ExitCode}: {await output} {await error}. {HowToProvide}");
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
            throw new InvalidOperationException($"PostgreSQL tests: {problem} ({exception.GetBaseException().Message}). {HowToProvide}", exception);
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
