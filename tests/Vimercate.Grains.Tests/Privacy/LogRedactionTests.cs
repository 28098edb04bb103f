using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vimercate.Privacy;

namespace Vimercate.Grains.Tests.Privacy;

/// <summary>Whatever reaches a log provider through the process's logger factory has its numbers masked.</summary>
public sealed partial class LogRedactionTests
{
    private const string Number = "393331234567";

    [Fact]
    public void MessagesValuesScopesAndExceptionsReachTheProvidersMasked()
    {
        var provider = new RecordingProvider();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(provider));
        RedactingLoggerFactory.Install(services);
        using var container = services.BuildServiceProvider();
        var logger = container.GetRequiredService<ILogger<LogRedactionTests>>();

        using (logger.BeginScope("RequestPath: /api/subscribers/{Number}", Number))
        {
            LogFailure(logger, new InvalidOperationException($"Activation of subscriber/{Number} failed"), $"subscriber/{Number}", ulong.Parse(Number, System.Globalization.CultureInfo.InvariantCulture));
        }

        var entry = Assert.Single(provider.Entries);
        Assert.Equal("Call to subscriber/*********567 (key *********567) failed", entry.Message);
        Assert.Equal(["subscriber/*********567", "*********567", "Call to {Grain} (key {Key}) failed"], entry.Values.Select(v => v?.ToString()));
        Assert.Contains("Activation of subscriber/*********567 failed", entry.Exception);
        Assert.Contains(nameof(InvalidOperationException), entry.Exception);
        Assert.Equal(["RequestPath: /api/subscribers/*********567"], provider.Scopes);
        Assert.DoesNotContain(Number, string.Join(" ", provider.Scopes.Append(entry.Message).Append(entry.Exception)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("port 5080, 3 retries, event 2001", "port 5080, 3 retries, event 2001")]
    [InlineData("+393331234567 and 393331234567", "+*********567 and *********567")]
    [InlineData("wamid.HBgM ok", "wamid.HBgM ok")]
    [InlineData("message 46ca2b2ef9c2439b81e493034b4e639d", "message 46ca2b2ef9c2439b81e493034b4e639d")]
    [InlineData("subscriber/393331234567 at 12:00:00.1234567", "subscriber/*********567 at 12:00:00.****567")]
    [InlineData("{\"wa_id\":\"393331234567\"} to=393331234567&", "{\"wa_id\":\"*********567\"} to=*********567&")]
    [InlineData("DELETE /api/subscribers/333%20765%204321 and /api/subscribers/%2B39%20333%20765%204321", "DELETE /api/subscribers/*******321 and /api/subscribers/%2B*********321")]
    [InlineData("+39 333 765 4321, 0039 333 7654321, 333-765-4321, +39 (333) 765 4321", "+*********321, ***********321, *******321, +*********321")]
    [InlineData("?to=%2B39+333+765+4321&x=1", "?to=%2B*********321&x=1")]
    [InlineData("kept until 2028-05-09 18:30:02 (2028-05-09T18:30:02), version 10.4.2 at 127.0.0.1:11111", "kept until 2028-05-09 18:30:02 (2028-05-09T18:30:02), version 10.4.2 at 127.0.0.1:11111")]
    public void OnlyRunsOfSixToFifteenDigitsOutsideWordsAreMasked(string text, string expected) =>
        Assert.Equal(expected, LogRedaction.Scrub(text));

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Call to {Grain} (key {Key}) failed")]
    private static partial void LogFailure(ILogger logger, Exception exception, string grain, ulong key);

    private sealed record Entry(string Message, IReadOnlyList<object?> Values, string? Exception);

    private sealed class RecordingProvider : ILoggerProvider
    {
        public List<Entry> Entries { get; } = [];

        public List<string> Scopes { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(RecordingProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull
            {
                owner.Scopes.Add(state.ToString()!);
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Entries.Add(new Entry(
                    formatter(state, exception),
                    (state as IEnumerable<KeyValuePair<string, object?>>)?.Select(pair => pair.Value).ToList() ?? [],
                    exception?.ToString()));
        }
    }
}
