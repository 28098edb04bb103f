using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vimercate.Hosting;
using Vimercate.Hosting.Database;

namespace Vimercate.Silo;

/// <summary><c>Vimercate.Silo migrate</c>: applies the PostgreSQL schema and exits.</summary>
public static class MigrateCommand
{
    /// <summary>The first command-line argument that selects this command.</summary>
    public const string Name = "migrate";

    /// <summary>Runs the command with the usual configuration sources; returns the process exit code.</summary>
    /// <param name="args">Arguments after <c>migrate</c>, e.g. <c>--ConnectionStrings:Postgres=...</c>.</param>
    /// <param name="output">Where the outcome is written.</param>
    /// <param name="error">Where a failure is written, as one line.</param>
    /// <param name="cancellationToken">Stops waiting for the database.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
        // The command reports its outcome itself; logs only add warnings and errors.
        builder.Logging.AddFilter(category: null, LogLevel.Warning);
        var connectionString = builder.Configuration.GetConnectionString(VimercateSiloExtensions.PostgresConnectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            await error.WriteLineAsync(
                "ConnectionStrings:Postgres is not set; set it (environment variable ConnectionStrings__Postgres) to the database to migrate.");
            return 2;
        }

        builder.Services.AddVimercateDatabase(connectionString);
        using var host = builder.Build();
        var migrator = host.Services.GetRequiredService<SchemaMigrator>();
        try
        {
            var result = await migrator.MigrateAsync(cancellationToken);
            await output.WriteLineAsync(result.Applied.Count == 0
                ? $"Database schema is up to date at version {result.SchemaVersion}: nothing to do."
                : $"Applied {string.Join(", ", result.Applied)}; database schema is now at version {result.SchemaVersion}.");
            return 0;
        }
        catch (Exception exception) when (exception is DatabaseUnavailableException or SchemaMigrationException)
        {
            await error.WriteLineAsync(exception.Message);
            return 1;
        }
    }
}
