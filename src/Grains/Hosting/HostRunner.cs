using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Vimercate.Hosting;

/// <summary>Runs a host; settings it cannot start with end the process with one line naming the keys.</summary>
public static class HostRunner
{
    /// <summary>The exit code of a start refused for invalid settings.</summary>
    public const int InvalidConfigurationExitCode = 2;

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
    }

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
