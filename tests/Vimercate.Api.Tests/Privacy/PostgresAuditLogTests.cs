using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Vimercate.Api.Audit;
using Vimercate.Hosting.Database;
using Vimercate.Testing.Postgres;

namespace Vimercate.Api.Tests.Privacy;

/// <summary>The tests that need a PostgreSQL server (one for the collection, a database per class).</summary>
[CollectionDefinition(Name)]
public sealed class PrivacyPostgresCollection : ICollectionFixture<PostgresServer>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "privacy-postgres";
}

/// <summary>The audit log in PostgreSQL mode: the migrated <c>audit_log</c> table, newest first, append-only.</summary>
[Collection(PrivacyPostgresCollection.Name)]
public sealed class PostgresAuditLogTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private NpgsqlDataSource _dataSource = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await new SchemaMigrator(_dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    [Fact]
    public async Task EntriesAreReadBackNewestFirstPageByPage()
    {
        var log = new PostgresAuditLog(_dataSource);
        var before = (await log.ListAsync(1, 1)).Total;
        var created = await log.AppendAsync(Start, "news-desk", AuditActions.CampaignCreated, "cmp_1", "news \"Mercato\"");
        var emergency = await log.AppendAsync(Start.AddMinutes(1), "duty-officer", AuditActions.EmergencyCreated, "cmp_2", "reason: Allerta rossa");
        var erased = await log.AppendAsync(Start.AddMinutes(2), "data-protection", AuditActions.SubscriberErased, "subscriber:" + new string('a', 64), null);

        var first = await log.ListAsync(1, 2);
        var second = await log.ListAsync(2, 2);

        Assert.Equal(before + 3, first.Total);
        Assert.Equal([erased, emergency], first.Items);
        Assert.Equal(created, second.Items[0]);
        Assert.True(created.Id < emergency.Id && emergency.Id < erased.Id);
        Assert.Null(first.Items[0].Details);
    }

    [Theory]
    [InlineData("UPDATE audit_log SET api_key_name = 'someone-else'")]
    [InlineData("DELETE FROM audit_log")]
    [InlineData("TRUNCATE audit_log")]
    public async Task TheTableRefusesToChangeOrLoseEntries(string sql)
    {
        var log = new PostgresAuditLog(_dataSource);
        await log.AppendAsync(Start, "it-admin", AuditActions.CampaignCancelled, "cmp_3", null);
        var before = await log.ListAsync(1, 200);

        await using var command = _dataSource.CreateCommand(sql);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
        var after = await log.ListAsync(1, 200);
        Assert.Equal(before.Total, after.Total);
        Assert.Equal(before.Items, after.Items);
    }
}
