using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Vimercate.Hosting.Database;

/// <summary>
/// Applies the schema in the silo's first lifecycle stage, before membership, grain storage and
/// reminders read their queries, unless <c>Database:AutoMigrate</c> is false.
/// </summary>
internal sealed partial class SchemaMigrationStartup(
    SchemaMigrator migrator,
    IOptions<DatabaseOptions> options,
    ILogger<SchemaMigrationStartup> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SchemaMigrationStartup), ServiceLifecycleStage.First, StartAsync);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.AutoMigrate)
        {
            LogSkipped(logger);
            return;
        }

        await migrator.MigrateAsync(cancellationToken);
    }

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information,
        Message = "Database:AutoMigrate is false: the schema is not applied at start-up (run the migrate command).")]
    private static partial void LogSkipped(ILogger logger);
}
