using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Vimercate.Hosting.Database;

/// <summary>Ready only while PostgreSQL answers a trivial query within <see cref="Patience"/>.</summary>
public sealed class PostgresHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    /// <summary>The name the check is registered under.</summary>
    public const string Name = "postgres";

    /// <summary>The tag of the readiness checks.</summary>
    public const string ReadyTag = "ready";

    /// <summary>How long the check waits for an answer (a connection from a busy pool included).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    private const string PingSql = """
        SELECT 1
        """;

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(Patience);
        try
        {
            await using var command = dataSource.CreateCommand(PingSql);
            await command.ExecuteScalarAsync(patience.Token);
            return HealthCheckResult.Healthy("PostgreSQL is reachable.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"PostgreSQL did not answer within {Patience.TotalSeconds:0} s.");
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"PostgreSQL is unreachable ({Reason(exception)}).", exception);
        }
    }

    // The server's or the socket's own words, without the connection string.
    private static string Reason(Exception exception) => exception switch
    {
        PostgresException postgres => $"{postgres.SqlState}: {postgres.MessageText}",
        { InnerException: { } inner } => inner.Message,
        _ => exception.Message,
    };
}
