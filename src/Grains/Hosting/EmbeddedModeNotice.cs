using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Vimercate.Hosting;

/// <summary>Says once, at start-up, that the embedded defaults keep everything in memory.</summary>
internal sealed partial class EmbeddedModeNotice(ILogger<EmbeddedModeNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogInMemory(logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1000, Level = LogLevel.Warning,
        Message = "Embedded mode: subscribers, campaigns and reminders live in memory and are lost on exit (set ConnectionStrings:Postgres to keep them).")]
    private static partial void LogInMemory(ILogger logger);
}
