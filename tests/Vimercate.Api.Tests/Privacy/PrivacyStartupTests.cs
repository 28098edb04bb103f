namespace Vimercate.Api.Tests.Privacy;

/// <summary>PostgreSQL mode in production refuses to start without the key that names archived consent histories.</summary>
public sealed class PrivacyStartupTests
{
    [Fact]
    public async Task ProductionOnPostgreSqlWithoutAHashKeyStopsWithOneLineNamingIt()
    {
        var result = await ApiProcess.RunUntilExitAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = "Host=127.0.0.1;Port=1;Database=vimercate;Username=vimercate;Timeout=1",
            ["WhatsApp__AppSecret"] = "secret",
            ["WhatsApp__VerifyToken"] = "token",
        });

        Assert.NotEqual(0, result.ExitCode);
        var line = result.SingleErrorLine();
        Assert.Contains("Privacy:HashKey", line, StringComparison.Ordinal);
    }
}
