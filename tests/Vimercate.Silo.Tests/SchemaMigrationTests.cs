using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Vimercate.Hosting.Database;
using Vimercate.Silo.Tests.Postgres;

namespace Vimercate.Silo.Tests;

[Collection(PostgresCollection.Name)]
public sealed class SchemaMigrationTests(PostgresServer server)
{
    private static readonly string[] Scripts = ["0001_orleans_query", "0002_orleans_clustering", "0003_orleans_persistence", "0004_orleans_reminders", "0005_audit_log", "0006_audience_member", "0007_orleans_clear_deletes"];

    private static readonly string[] OrleansQueryKeys =
    [
        // clustering
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
        "InsertMembershipKey", "InsertMembershipVersionKey", "MembershipReadAllKey", "MembershipReadRowKey",
        "UpdateIAmAlivetimeKey", "UpdateMembershipKey",

        // persistence
        "ClearStorageKey", "DeleteStorageKey", "ReadFromStorageKey", "WriteToStorageKey",

        // reminders
        "DeleteReminderRowKey", "DeleteReminderRowsKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "ReadReminderRowKey", "ReadReminderRowsKey", "UpsertReminderRowKey",
    ];

    [Fact]
    public async Task SchemaAppliesToAnEmptyDatabaseAndASecondRunHasNothingToDo()
    {
        var connectionString = await server.CreateDatabaseAsync();
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            var migrator = new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance);

            var first = await migrator.MigrateAsync();
            var second = await migrator.MigrateAsync();

            Assert.Equal(Scripts, first.Applied);
            Assert.Equal(Scripts.Length, first.SchemaVersion);
            Assert.Empty(second.Applied);
            Assert.Equal(Scripts.Length, second.SchemaVersion);
            Assert.Equal(OrleansQueryKeys.Order(StringComparer.Ordinal), await new OrleansTables(connectionString).QueryKeysAsync());
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task EveryScriptCanBeRunAgainOnTheSchemaItCreated()
    {
        var connectionString = await server.CreateDatabaseAsync();
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            await new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync();

            foreach (var script in MigrationScript.LoadAll())
            {
                await using var command = dataSource.CreateCommand(script.Sql);
                await command.ExecuteNonQueryAsync();
            }

            Assert.Equal(OrleansQueryKeys.Order(StringComparer.Ordinal), await new OrleansTables(connectionString).QueryKeysAsync());
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task MigratorsStartingTogetherApplyEachScriptOnce()
    {
        var connectionString = await server.CreateDatabaseAsync();
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(connectionString);

            var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
                Task.Run(() => new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance).MigrateAsync())));

            Assert.Equal(Scripts, results.SelectMany(result => result.Applied).Order(StringComparer.Ordinal));
            Assert.All(results, result => Assert.Equal(Scripts.Length, result.SchemaVersion));
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task MigrateCommandAppliesTheSchemaThenSaysThereIsNothingToDo()
    {
        var connectionString = await server.CreateDatabaseAsync();
        try
        {
            string[] args = [$"--ConnectionStrings:Postgres={connectionString}"];
            var firstOutput = new StringWriter();
            var secondOutput = new StringWriter();
            var errors = new StringWriter();

            var firstExit = await MigrateCommand.RunAsync(args, firstOutput, errors);
            var secondExit = await MigrateCommand.RunAsync(args, secondOutput, errors);

            Assert.Equal(0, firstExit);
            Assert.Equal(0, secondExit);
            Assert.Equal("", errors.ToString());
            Assert.Contains("0004_orleans_reminders", firstOutput.ToString(), StringComparison.Ordinal);
            Assert.Equal($"Database schema is up to date at version {Scripts.Length}: nothing to do.", secondOutput.ToString().Trim());
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task MigrateCommandReportsAnUnreachableDatabaseInOneLineAndFails()
    {
        var port = LoopbackPorts.Free();
        var output = new StringWriter();
        var errors = new StringWriter();

        var exit = await MigrateCommand.RunAsync([$"--ConnectionStrings:Postgres=Host=127.0.0.1;Port={port};Username=vimercate;Database=vimercate;Timeout=5"], output, errors);

        Assert.NotEqual(0, exit);
        Assert.Equal("", output.ToString());
        var line = Assert.Single(errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"Cannot connect to PostgreSQL at 127.0.0.1:{port}, database 'vimercate':", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScriptChangedAfterItWasAppliedIsRefused()
    {
        var connectionString = await server.CreateDatabaseAsync();
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            var migrator = new SchemaMigrator(dataSource, NullLogger<SchemaMigrator>.Instance);
            await migrator.MigrateAsync();
            await using (var tamper = dataSource.CreateCommand("UPDATE schema_version SET checksum = 'edited' WHERE version = 2"))
            {
                await tamper.ExecuteNonQueryAsync();
            }

            var refusal = await Assert.ThrowsAsync<SchemaMigrationException>(() => migrator.MigrateAsync());

            Assert.Contains("0002_orleans_clustering", refusal.Message, StringComparison.Ordinal);
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task ReadinessCheckIsHealthyOnlyWhilePostgresAnswers()
    {
        var connectionString = await server.CreateDatabaseAsync();
        try
        {
            await using var reachable = NpgsqlDataSource.Create(connectionString);
            await using var unreachable = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={LoopbackPorts.Free()};Username=vimercate;Timeout=5");
            var registration = new HealthCheckRegistration(PostgresHealthCheck.Name, _ => null!, HealthStatus.Unhealthy, [PostgresHealthCheck.ReadyTag]);

            var up = await new PostgresHealthCheck(reachable).CheckHealthAsync(new HealthCheckContext { Registration = registration });
            var down = await new PostgresHealthCheck(unreachable).CheckHealthAsync(new HealthCheckContext { Registration = registration });

            Assert.Equal(HealthStatus.Healthy, up.Status);
            Assert.Equal(HealthStatus.Unhealthy, down.Status);
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString);
        }
    }
}
