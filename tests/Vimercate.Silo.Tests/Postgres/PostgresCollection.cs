namespace Vimercate.Silo.Tests.Postgres;

/// <summary>The test classes that share one PostgreSQL server; each gets its own database.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    /// <summary>The collection name.</summary>
    public const string Name = "PostgreSQL";
}
