using System.Diagnostics;

namespace Vimercate.Api.Tests.Privacy;

/// <summary>PostgreSQL mode in production refuses to start without the key that names archived consent histories.</summary>
public sealed class PrivacyStartupTests
{
    [Fact]
    public async Task ProductionOnPostgreSqlWithoutAHashKeyStopsWithOneLineNamingIt()
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
        start.Environment["ConnectionStrings__Postgres"] = "Host=127.0.0.1;Port=1;Database=vimercate;Username=vimercate;Timeout=1";
        start.Environment["WhatsApp__AppSecret"] = "secret";
        start.Environment["WhatsApp__VerifyToken"] = "token";

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("The API did not stop within 60 s although Privacy:HashKey is missing.");
        }

        await output;
        Assert.NotEqual(0, process.ExitCode);
        var line = Assert.Single((await error).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("Privacy:HashKey", line, StringComparison.Ordinal);
    }
}
