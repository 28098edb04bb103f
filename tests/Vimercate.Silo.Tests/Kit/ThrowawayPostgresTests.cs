using Npgsql;

namespace Vimercate.Silo.Tests.Kit;

/// <summary>The shared throwaway PostgreSQL can be taken away and given back, keeping its data, as an outage would.</summary>
public sealed class ThrowawayPostgresTests
{
    [Fact]
    public async Task StoppedServerRefusesConnectionsAndServesTheSameDataWhenBack()
    {
        await using var server = await ThrowawayPostgres.StartAsync();
        if (!server.Controllable)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(server.StopAsync);
            return;
        }

        var connectionString = await server.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 3, Pooling = false }.ConnectionString);
        await ExecuteAsync(dataSource, "CREATE TABLE note (text text); INSERT INTO note VALUES ('prima del guasto')");

        var outage = server.StopForAsync(TimeSpan.FromSeconds(3));
        await Eventually.UntilAsync(() => !server.Running, "the server to stop");
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ExecuteAsync(dataSource, "SELECT 1"));
        await outage;

        await using var command = dataSource.CreateCommand("SELECT text FROM note");
        Assert.Equal("prima del guasto", await command.ExecuteScalarAsync());
        await server.RestartAsync();
        await using var again = dataSource.CreateCommand("SELECT count(*) FROM note");
        Assert.Equal(1L, await again.ExecuteScalarAsync());
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
