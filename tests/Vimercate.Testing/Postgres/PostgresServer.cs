namespace Vimercate.Testing.Postgres;

/// <summary>The <see cref="ThrowawayPostgres"/> of one xunit collection (its fixture); each test class takes a <see cref="PostgresDatabase"/> of its own.</summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private ThrowawayPostgres? _server;

    /// <summary>The running server.</summary>
    public ThrowawayPostgres Server => _server ?? throw new InvalidOperationException("The PostgreSQL server has not started.");

    /// <summary>Connection string with the rights to create and drop databases.</summary>
    public string AdminConnectionString => Server.AdminConnectionString;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public Task<string> CreateDatabaseAsync() => Server.CreateDatabaseAsync();

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>.</summary>
    public Task DropDatabaseAsync(string connectionString) => Server.DropDatabaseAsync(connectionString);

    /// <inheritdoc />
    public async Task InitializeAsync() => _server = await ThrowawayPostgres.StartAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
