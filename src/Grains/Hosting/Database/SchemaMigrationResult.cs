namespace Vimercate.Hosting.Database;

/// <summary>What a migration run did.</summary>
/// <param name="Applied">Names of the scripts applied by this run, in order; empty when the schema was up to date.</param>
/// <param name="SchemaVersion">The highest version recorded in the database afterwards.</param>
public sealed record SchemaMigrationResult(IReadOnlyList<string> Applied, int SchemaVersion);
