using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Vimercate.Privacy;

/// <summary>Says at start-up when <c>Privacy:HashKey</c> is unset and the development key names archives and message ids.</summary>
internal sealed partial class HashKeyNotice(NumberHasher hasher, ILogger<HashKeyNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (hasher.UsesDevelopmentKey)
        {
            LogDevelopmentKey(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 8000, Level = LogLevel.Warning,
        Message = "Privacy:HashKey is not set: archived consent histories and message ids are hashed with the development key (fine in memory and in Development, never in production).")]
    private static partial void LogDevelopmentKey(ILogger logger);
}
