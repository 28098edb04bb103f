using System.Diagnostics;

namespace Vimercate.Api.Tests;

public sealed class StartupTests
{
    [Fact]
    public async Task CloudModeWithoutItsSettingsStopsWithOneLineNamingTheKeys()
    {
        var (exitCode, output, error) = await RunApiAsync(new Dictionary<string, string>
        {
            ["WhatsApp__Mode"] = "Cloud",
            ["WhatsApp__AppSecret"] = "secret",
            ["WhatsApp__VerifyToken"] = "token",
            ["WhatsApp__PhoneNumberId"] = "610000000000001",
        });

        Assert.NotEqual(0, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("WhatsApp:AccessToken", line, StringComparison.Ordinal);
        Assert.DoesNotContain("WhatsApp:PhoneNumberId", line, StringComparison.Ordinal);
        Assert.Equal("", output.Trim());
    }

    [Fact]
    public async Task InvalidGraphApiUrlStopsStartUpNamingTheKey()
    {
        var (exitCode, _, error) = await RunApiAsync(new Dictionary<string, string>
        {
            ["WhatsApp__Mode"] = "Cloud",
            ["WhatsApp__AppSecret"] = "secret",
            ["WhatsApp__VerifyToken"] = "token",
            ["WhatsApp__PhoneNumberId"] = "610000000000001",
            ["WhatsApp__AccessToken"] = "access",
            ["WhatsApp__GraphApiBaseUrl"] = "graph.facebook.com",
        });

        Assert.NotEqual(0, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("WhatsApp:GraphApiBaseUrl", line, StringComparison.Ordinal);
    }

    /// <summary>Starts the real API process (the build output copied beside the tests) and waits for it to exit.</summary>
    private static async Task<(int ExitCode, string Output, string Error)> RunApiAsync(Dictionary<string, string> environment)
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
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("The API did not stop within 60 s although its settings are invalid.");
        }

        return (process.ExitCode, await output, await error);
    }
}
