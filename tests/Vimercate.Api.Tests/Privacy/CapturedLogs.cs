using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Vimercate.Api.Tests.Privacy;

/// <summary>Everything a log provider of the host is handed: messages, structured values, scopes and exceptions, as text.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>Every captured line, in arrival order.</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>Lines that contain <paramref name="text"/>.</summary>
    public IReadOnlyList<string> Containing(string text) => _lines.Where(line => line.Contains(text, StringComparison.Ordinal)).ToList();

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            lines.Enqueue($"{category} scope: {Describe(state)}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new StringBuilder()
                .Append(category).Append(' ').Append(logLevel).Append(' ').Append(eventId.Id).Append(": ")
                .Append(formatter(state, exception))
                .Append(" | ").Append(Describe(state));
            if (exception is not null)
            {
                line.Append(" | ").Append(exception);
            }

            lines.Enqueue(line.ToString());
        }

        private static string Describe(object? state) => state is IEnumerable<KeyValuePair<string, object?>> values
            ? string.Join("; ", values.Select(pair => $"{pair.Key}={pair.Value}")) + " | " + state
            : state?.ToString() ?? "";
    }
}
