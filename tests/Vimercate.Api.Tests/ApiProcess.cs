using System.Diagnostics;

namespace Vimercate.Api.Tests;

/// <summary>What a refused start of the real API process printed.</summary>
/// <param name="ExitCode">The process exit code.</param>
/// <param name="Output">Everything written to standard output.</param>
/// <param name="Error">Everything written to standard error.</param>
public sealed record ApiProcessResult(int ExitCode, string Output, string Error)
{
    /// <summary>The one non-empty line on standard error; fails when there are more or none.</summary>
    public string SingleErrorLine() => Assert.Single(Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

/// <summary>Starts the real API process (the build output copied beside the tests) in Production and waits for it to exit.</summary>
public static class ApiProcess
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs the API with the given environment; fails when it is still running after a minute.</summary>
    public static async Task<ApiProcessResult> RunUntilExitAsync(IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Vimercate.Api.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ExitTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The API did not stop within {ExitTimeout.TotalSeconds:F0} s although its settings are invalid.");
        }

        return new ApiProcessResult(process.ExitCode, await output, await error);
    }
}
