namespace Vimercate.Testing.Postgres;

/// <summary>A fresh, empty database for one test class (its class fixture), dropped when the class is done.</summary>
public sealed class PostgresDatabase(PostgresServer server) : IAsyncLifetime
{
    /// <summary>The server the database lives on.</summary>
    public PostgresServer Server => server;

    /// <summary>Connection string of the database.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <inheritdoc />
    public async Task InitializeAsync() => ConnectionString = await server.CreateDatabaseAsync();

    /// <inheritdoc />
    public Task DisposeAsync() => server.DropDatabaseAsync(ConnectionString);
}
