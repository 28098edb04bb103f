using System.Collections;
using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Vimercate.Privacy;

/// <summary>
/// Puts the <see cref="LogRedactor"/> in front of every logger of the process, the service's and Orleans' alike: messages,
/// structured values, scopes and exception texts reach the providers (console, OpenTelemetry, tests) already masked.
/// </summary>
public sealed class RedactingLoggerFactory(ILoggerFactory inner, LogRedactor redactor) : ILoggerFactory
{
    private readonly ConcurrentDictionary<string, ILogger> _loggers = new(StringComparer.Ordinal);

    /// <summary>Replaces the registered <see cref="ILoggerFactory"/> with one that masks numbers; idempotent.</summary>
    public static IServiceCollection Install(IServiceCollection services)
    {
        if (services.Any(descriptor => descriptor.ServiceType == typeof(ILoggerFactory) && descriptor.ImplementationFactory?.Method.DeclaringType == typeof(RedactingLoggerFactory)))
        {
            return services;
        }

        services.AddLogging();
        services.TryAddSingleton<NumberHasher>();
        services.TryAddSingleton<LogRedactor>();
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(Create));
        return services;
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, name => new RedactingLogger(inner.CreateLogger(name), redactor));

    /// <inheritdoc />
    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    /// <inheritdoc />
    public void Dispose() => inner.Dispose();

    // The same factory the logging defaults register, wrapped.
    private static RedactingLoggerFactory Create(IServiceProvider services) => new(new LoggerFactory(
        services.GetServices<ILoggerProvider>(),
        services.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
        services.GetService<IOptions<LoggerFactoryOptions>>(),
        services.GetService<IExternalScopeProvider>()),
        services.GetRequiredService<LogRedactor>());

    private sealed class RedactingLogger(ILogger inner, LogRedactor redactor) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(RedactedState.Of(state, redactor));

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }

            var redacted = new RedactedState(redactor.Scrub(formatter(state, exception)), state as IEnumerable<KeyValuePair<string, object?>>, redactor);
            inner.Log(logLevel, eventId, redacted, exception is null ? null : new RedactedException(exception, redactor), static (s, _) => s.Message);
        }
    }

    /// <summary>A log state or scope whose text and values are masked.</summary>
    private sealed class RedactedState(string message, IEnumerable<KeyValuePair<string, object?>>? values, LogRedactor redactor) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly KeyValuePair<string, object?>[] _values =
            values?.Select(pair => new KeyValuePair<string, object?>(pair.Key, redactor.ScrubValue(pair.Value))).ToArray() ?? [];

        public string Message => message;

        public int Count => _values.Length;

        public KeyValuePair<string, object?> this[int index] => _values[index];

        public static RedactedState Of(object state, LogRedactor redactor) =>
            new(redactor.Scrub(state.ToString() ?? ""), state as IEnumerable<KeyValuePair<string, object?>>, redactor);

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_values).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => message;
    }

    /// <summary>An exception as the providers print it, masked; the original type's name stays in the text.</summary>
    private sealed class RedactedException(Exception original, LogRedactor redactor) : Exception(redactor.Scrub(original.Message))
    {
        public override string? StackTrace => null;

        public override string ToString() => redactor.Scrub(original.ToString());
    }
}
