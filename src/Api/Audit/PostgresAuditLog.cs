using Npgsql;
using NpgsqlTypes;

namespace Vimercate.Api.Audit;

/// <summary>The audit log in PostgreSQL mode: the <c>audit_log</c> table (db/migrations), which refuses updates and deletes.</summary>
public sealed class PostgresAuditLog(NpgsqlDataSource dataSource) : IAuditLog
{
    private const string AppendSql = """
        INSERT INTO audit_log (occurred_at, api_key_name, action, target, details)
        VALUES (@at, @apiKeyName, @action, @target, @details)
        RETURNING id
        """;

    private const string PageSql = """
        SELECT id, occurred_at, api_key_name, action, target, details
          FROM audit_log
         ORDER BY id DESC
         LIMIT @limit OFFSET @offset
        """;

    private const string CountSql = """
        SELECT count(*) FROM audit_log
        """;

    /// <inheritdoc />
    public async Task<AuditEntry> AppendAsync(DateTimeOffset at, string apiKeyName, string action, string? target, string? details, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(AppendSql);
        command.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.TimestampTz) { Value = at.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter("apiKeyName", NpgsqlDbType.Text) { Value = apiKeyName });
        command.Parameters.Add(new NpgsqlParameter("action", NpgsqlDbType.Text) { Value = action });
        command.Parameters.Add(new NpgsqlParameter("target", NpgsqlDbType.Text) { Value = (object?)target ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("details", NpgsqlDbType.Text) { Value = (object?)details ?? DBNull.Value });
        var id = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        return new AuditEntry(id, at, apiKeyName, action, target, details);
    }

    /// <inheritdoc />
    public async Task<AuditPage> ListAsync(int page, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);

        long total;
        await using (var count = new NpgsqlCommand(CountSql, connection, transaction))
        {
            total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }

        var items = new List<AuditEntry>(pageSize);
        await using (var select = new NpgsqlCommand(PageSql, connection, transaction))
        {
            select.Parameters.Add(new NpgsqlParameter("limit", NpgsqlDbType.Integer) { Value = pageSize });
            select.Parameters.Add(new NpgsqlParameter("offset", NpgsqlDbType.Bigint) { Value = (long)(page - 1) * pageSize });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(new AuditEntry(
                    reader.GetInt64(0),
                    new DateTimeOffset(reader.GetFieldValue<DateTime>(1), TimeSpan.Zero),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5)));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new AuditPage(items, page, pageSize, total);
    }
}
