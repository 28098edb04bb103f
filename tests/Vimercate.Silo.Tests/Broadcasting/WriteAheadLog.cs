using Npgsql;

namespace Vimercate.Silo.Tests.Broadcasting;

/// <summary>Bytes PostgreSQL wrote to its write-ahead log: what every change of any table costs the server.</summary>
internal sealed class WriteAheadLog(string connectionString)
{
    private const string PositionSql = """
        SELECT pg_current_wal_insert_lsn()::text
        """;

    private const string DistanceSql = """
        SELECT pg_wal_lsn_diff(@to::pg_lsn, @from::pg_lsn)::bigint
        """;

    /// <summary>The bytes written while <paramref name="work"/> ran.</summary>
    public async Task<long> BytesDuringAsync(Func<Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var from = await PositionAsync();
        await work();
        var to = await PositionAsync();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(DistanceSql, connection);
        command.Parameters.AddWithValue("to", to);
        command.Parameters.AddWithValue("from", from);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<string> PositionAsync()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(PositionSql, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
