using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Vimercate.Hosting.Database;

/// <summary>Ready only while PostgreSQL answers a trivial query.</summary>
public sealed class PostgresHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    /// <summary>The name the check is registered under.</summary>
    public const string Name = "postgres";

    /// <summary>The tag of the readiness checks.</summary>
    public const string ReadyTag = "ready";

    private const string PingSql = """
        SELECT 1
        """;

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand(PingSql);
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy("PostgreSQL is reachable.");
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "PostgreSQL is unreachable.", exception);
        }
    }
}
