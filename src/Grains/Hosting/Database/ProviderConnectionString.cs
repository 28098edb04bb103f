using Npgsql;

namespace Vimercate.Hosting.Database;

/// <summary>The connection string the Orleans ADO.NET providers (grain state, reminders, membership) are given.</summary>
public static class ProviderConnectionString
{
    /// <summary>How many statements a connection keeps prepared when the operator did not say.</summary>
    public const int AutoPrepared = 32;

    /// <summary>
    /// <paramref name="connectionString"/> with Npgsql's automatic preparation turned on, unless the operator set
    /// <c>Max Auto Prepare</c> already. The providers send the same few statements over and over (every status webhook
    /// writes grain state): prepared, PostgreSQL parses and plans each once per connection instead of on every call.
    /// On the two-core bench machine status webhooks on PostgreSQL waited less at a steady 5,000 per second (median 8 to
    /// 21 ms instead of 35 ms; docs/BENCHMARKS.md).
    /// </summary>
    public static string For(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = AutoPrepared;
            builder.AutoPrepareMinUsages = 2;
        }

        return builder.ConnectionString;
    }
}
