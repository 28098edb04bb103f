using Microsoft.Extensions.Logging;
using Npgsql;

namespace Vimercate.Hosting.Database;

/// <summary>
/// Brings the PostgreSQL schema up to date with the embedded scripts: each pending script in its own
/// transaction, recorded in <c>schema_version</c>, under an advisory lock so that silos starting
/// together apply every script exactly once.
/// </summary>
public sealed partial class SchemaMigrator(NpgsqlDataSource dataSource, ILogger<SchemaMigrator> logger)
{
    /// <summary>Advisory lock key shared by every process that migrates this database.</summary>
    public const long AdvisoryLockKey = 0x56696D6572636174;

    private const string LockSql = """
        SELECT pg_advisory_xact_lock(@key)
        """;

    private const string CreateVersionTableSql = """
        CREATE TABLE IF NOT EXISTS schema_version (
          version integer PRIMARY KEY,
          name text NOT NULL,
          checksum text NOT NULL,
          applied_at timestamptz NOT NULL DEFAULT now()
        )
        """;

    private const string ReadAppliedSql = """
        SELECT version, name, checksum FROM schema_version ORDER BY version
        """;

    private const string RecordAppliedSql = """
        INSERT INTO schema_version (version, name, checksum) VALUES (@version, @name, @checksum)
        """;

    /// <summary>Applies every pending script; returns what was applied and the resulting version.</summary>
    /// <exception cref="DatabaseUnavailableException">The server cannot be reached or refuses the connection.</exception>
    /// <exception cref="SchemaMigrationException">A script failed, or an applied script was changed afterwards.</exception>
    public async Task<SchemaMigrationResult> MigrateAsync(CancellationToken cancellationToken = default)
    {
        var scripts = MigrationScript.LoadAll();
        var applied = new List<string>();
        await using var connection = await OpenAsync(cancellationToken);
        while (true)
        {
            // One transaction per script; the lock is taken again each time and released at commit.
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var recorded = await LockAndReadAppliedAsync(connection, transaction, cancellationToken);
            var pending = NextPending(scripts, recorded);
            if (pending is null)
            {
                await transaction.CommitAsync(cancellationToken);
                var version = recorded.Count == 0 ? 0 : recorded.Keys.Max();
                if (applied.Count == 0)
                {
                    LogUpToDate(logger, version);
                }

                return new SchemaMigrationResult(applied, version);
            }

            await ApplyAsync(connection, transaction, pending, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            applied.Add(pending.Name);
            LogApplied(logger, pending.Name);
        }
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await dataSource.OpenConnectionAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            var target = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
            var reason = exception.GetBaseException().Message.ReplaceLineEndings(" ");
            throw new DatabaseUnavailableException(
                $"Cannot connect to PostgreSQL at {target.Host}:{target.Port}, database '{target.Database}': {reason}",
                exception);
        }
    }

    private static async Task<Dictionary<int, (string Name, string Checksum)>> LockAndReadAppliedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using (var lockCommand = new NpgsqlCommand(LockSql, connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", AdvisoryLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var createCommand = new NpgsqlCommand(CreateVersionTableSql, connection, transaction))
        {
            await createCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        var recorded = new Dictionary<int, (string Name, string Checksum)>();
        await using var readCommand = new NpgsqlCommand(ReadAppliedSql, connection, transaction);
        await using var reader = await readCommand.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            recorded[reader.GetInt32(0)] = (reader.GetString(1), reader.GetString(2));
        }

        return recorded;
    }

    private static MigrationScript? NextPending(IReadOnlyList<MigrationScript> scripts, Dictionary<int, (string Name, string Checksum)> recorded)
    {
        foreach (var script in scripts)
        {
            if (!recorded.TryGetValue(script.Version, out var entry))
            {
                return script;
            }

            if (entry.Checksum != script.Checksum)
            {
                throw new SchemaMigrationException(
                    $"Schema script {script.Name} was changed after it was applied to this database (as {entry.Name}); add a new script instead of editing an applied one.");
            }
        }

        return null;
    }

    private static async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, MigrationScript script, CancellationToken cancellationToken)
    {
        try
        {
            await using (var scriptCommand = new NpgsqlCommand(script.Sql, connection, transaction))
            {
                await scriptCommand.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var recordCommand = new NpgsqlCommand(RecordAppliedSql, connection, transaction);
            recordCommand.Parameters.AddWithValue("version", script.Version);
            recordCommand.Parameters.AddWithValue("name", script.Name);
            recordCommand.Parameters.AddWithValue("checksum", script.Checksum);
            await recordCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException exception)
        {
            throw new SchemaMigrationException(
                $"Schema script {script.Name} failed: {exception.SqlState} {exception.MessageText}", exception);
        }
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Applied schema script {Script}.")]
    private static partial void LogApplied(ILogger logger, string script);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Database schema is up to date at version {Version}.")]
    private static partial void LogUpToDate(ILogger logger, int version);
}
