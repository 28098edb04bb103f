using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Vimercate.Hosting.Database;

namespace Vimercate.Hosting;

/// <summary>Runs a host; settings it cannot start with, or a database it cannot use, end the process with one line.</summary>
public static class HostRunner
{
    /// <summary>The exit code of a start refused for invalid settings.</summary>
    public const int InvalidConfigurationExitCode = 2;

    /// <summary>The exit code of a start refused because the database is unreachable or its schema cannot be applied.</summary>
    public const int DatabaseFailureExitCode = 1;

    /// <summary>Validates the options first, then runs the host until shutdown; returns the process exit code.</summary>
    public static async Task<int> RunAsync(IHost host, TextWriter? error = null)
    {
        try
        {
            host.Services.GetService<IStartupValidator>()?.Validate();
            await host.RunAsync();
            return 0;
        }
        catch (Exception exception) when (ValidationFailures(exception) is { Count: > 0 } failures)
        {
            (error ?? Console.Error).WriteLine($"Invalid configuration: {string.Join(" ", failures)}");
            await DisposeAsync(host);
            return InvalidConfigurationExitCode;
        }
        catch (Exception exception) when (DatabaseFailure(exception) is { } failure)
        {
            (error ?? Console.Error).WriteLine(failure.Message);
            await DisposeAsync(host);
            return DatabaseFailureExitCode;
        }
    }

    private static Exception? DatabaseFailure(Exception? exception) => exception switch
    {
        null => null,
        DatabaseUnavailableException or SchemaMigrationException => exception,
        AggregateException aggregate => aggregate.InnerExceptions.Select(DatabaseFailure).FirstOrDefault(e => e is not null),
        _ => DatabaseFailure(exception.InnerException),
    };

    private static List<string> ValidationFailures(Exception exception)
    {
        var failures = new List<string>();
        Collect(exception, failures);
        return failures;
    }

    private static void Collect(Exception exception, List<string> failures)
    {
        switch (exception)
        {
            case OptionsValidationException validation:
                failures.AddRange(validation.Failures.Select(f => f.ReplaceLineEndings(" ")));
                break;
            case AggregateException aggregate:
                foreach (var inner in aggregate.InnerExceptions)
                {
                    Collect(inner, failures);
                }

                break;
        }
    }

    private static async Task DisposeAsync(IHost host)
    {
        if (host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            host.Dispose();
        }
    }
}
