using System.Net.Sockets;
using Npgsql;
using Vimercate.Hosting.Database;

namespace Vimercate.Storage;

/// <summary>
/// Tells an outage of the database or the cluster (worth trying again later) from a fault of the request or the code:
/// a refused or lost connection, a server that is full (53300), shutting down (57P01) or failing over (08xxx), a
/// timeout, a write a grain could not store, anywhere in the chain of exceptions Orleans and Npgsql wrap them in.
/// </summary>
public static class StorageFailure
{
    /// <summary>The outage behind <paramref name="exception"/>, or null when it is not one.</summary>
    public static Exception? Find(Exception? exception)
    {
        for (var depth = 0; exception is not null && depth < 16; depth++)
        {
            if (IsOutage(exception))
            {
                return exception;
            }

            if (exception is AggregateException aggregate)
            {
                return aggregate.InnerExceptions.Select(Find).FirstOrDefault(found => found is not null);
            }

            exception = exception.InnerException;
        }

        return null;
    }

    private static bool IsOutage(Exception exception) => exception switch
    {
        StorageUnavailableException or DatabaseUnavailableException => true,
        PostgresException postgres => postgres.IsTransient || IsConnectionState(postgres.SqlState),
        NpgsqlException => true,
        SocketException or TimeoutException or IOException => true,
        SiloUnavailableException or OrleansMessageRejectionException => true,
        _ => false,
    };

    // Class 08 (connection exception), 53 (insufficient resources: 53300 too many clients), 57P (operator intervention:
    // 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now).
    private static bool IsConnectionState(string? state) =>
        state is not null && (state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("53", StringComparison.Ordinal) || state.StartsWith("57P", StringComparison.Ordinal));
}
