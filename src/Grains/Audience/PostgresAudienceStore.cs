using Npgsql;
using NpgsqlTypes;

namespace Vimercate.Audience;

/// <summary>The audience in PostgreSQL: table <c>audience_member</c> (db/migrations), one row per active number.</summary>
public sealed class PostgresAudienceStore(NpgsqlDataSource dataSource) : IAudienceStore
{
    private const string LoadSql = """
        SELECT number FROM audience_member WHERE shard = @shard ORDER BY number
        """;

    private const string AddSql = """
        INSERT INTO audience_member (shard, number) VALUES (@shard, @number) ON CONFLICT DO NOTHING
        """;

    private const string RemoveSql = """
        DELETE FROM audience_member WHERE shard = @shard AND number = @number
        """;

    private const string AddRangeSql = """
        INSERT INTO audience_member (shard, number)
        SELECT @shard, member FROM unnest(@numbers) AS member
        ON CONFLICT DO NOTHING
        """;

    /// <inheritdoc />
    public async Task<List<ulong>> LoadAsync(int shard, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(LoadSql);
        command.Parameters.Add(new NpgsqlParameter<int>("shard", NpgsqlDbType.Integer) { TypedValue = shard });
        var numbers = new List<ulong>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            numbers.Add((ulong)reader.GetInt64(0));
        }

        return numbers;
    }

    /// <inheritdoc />
    public Task AddAsync(int shard, ulong number, CancellationToken cancellationToken = default) =>
        ExecuteAsync(AddSql, shard, number, cancellationToken);

    /// <inheritdoc />
    public Task RemoveAsync(int shard, ulong number, CancellationToken cancellationToken = default) =>
        ExecuteAsync(RemoveSql, shard, number, cancellationToken);

    /// <inheritdoc />
    public async Task AddRangeAsync(int shard, IReadOnlyCollection<ulong> numbers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        await using var command = dataSource.CreateCommand(AddRangeSql);
        command.Parameters.Add(new NpgsqlParameter<int>("shard", NpgsqlDbType.Integer) { TypedValue = shard });
        command.Parameters.Add(new NpgsqlParameter<long[]>("numbers", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = numbers.Select(n => (long)n).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task ExecuteAsync(string sql, int shard, ulong number, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<int>("shard", NpgsqlDbType.Integer) { TypedValue = shard });
        command.Parameters.Add(new NpgsqlParameter<long>("number", NpgsqlDbType.Bigint) { TypedValue = (long)number });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
