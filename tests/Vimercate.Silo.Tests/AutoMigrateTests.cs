using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Vimercate.Hosting.Database;
using Vimercate.Silo.Tests.Postgres;
using Vimercate.Silo.Tests.TestGrains;

namespace Vimercate.Silo.Tests;

[Collection(PostgresCollection.Name)]
public sealed class AutoMigrateTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private const string DropBookkeepingSql = """
        DROP TABLE schema_version
        """;

    private const string BookkeepingExistsSql = """
        SELECT to_regclass('schema_version') IS NOT NULL
        """;

    [Fact]
    public async Task SilosWithAutoMigrateOffLeaveTheSchemaAlone()
    {
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
        await using (var drop = dataSource.CreateCommand(DropBookkeepingSql))
        {
            await drop.ExecuteNonQueryAsync();
        }

        await using var cluster = await PostgresTestCluster.StartAsync(
            database.ConnectionString,
            $"cluster-{Guid.NewGuid():N}",
            $"service-{Guid.NewGuid():N}",
            settings: new Dictionary<string, string> { ["Database:AutoMigrate"] = "false" });
        await cluster.Client.GetGrain<INoteGrain>("auto-migrate-off").WriteAsync("scritto");

        await using var exists = dataSource.CreateCommand(BookkeepingExistsSql);
        Assert.False((bool)(await exists.ExecuteScalarAsync())!);
        Assert.Equal("scritto", await cluster.Client.GetGrain<INoteGrain>("auto-migrate-off").ReadAsync());
    }
}
