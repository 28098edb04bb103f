namespace Vimercate.Api.Tests;

public sealed class StartupTests
{
    [Fact]
    public async Task CloudModeWithoutItsSettingsStopsWithOneLineNamingTheKeys()
    {
        var result = await ApiProcess.RunUntilExitAsync(new Dictionary<string, string>
        {
            ["WhatsApp__Mode"] = "Cloud",
            ["WhatsApp__AppSecret"] = "secret",
            ["WhatsApp__VerifyToken"] = "token",
            ["WhatsApp__PhoneNumberId"] = "610000000000001",
        });

        Assert.NotEqual(0, result.ExitCode);
        var line = result.SingleErrorLine();
        Assert.Contains("WhatsApp:AccessToken", line, StringComparison.Ordinal);
        Assert.DoesNotContain("WhatsApp:PhoneNumberId", line, StringComparison.Ordinal);
        Assert.Equal("", result.Output.Trim());
    }

    [Fact]
    public async Task InvalidGraphApiUrlStopsStartUpNamingTheKey()
    {
        var result = await ApiProcess.RunUntilExitAsync(new Dictionary<string, string>
        {
            ["WhatsApp__Mode"] = "Cloud",
            ["WhatsApp__AppSecret"] = "secret",
            ["WhatsApp__VerifyToken"] = "token",
            ["WhatsApp__PhoneNumberId"] = "610000000000001",
            ["WhatsApp__AccessToken"] = "access",
            ["WhatsApp__GraphApiBaseUrl"] = "graph.facebook.com",
        });

        Assert.NotEqual(0, result.ExitCode);
        var line = result.SingleErrorLine();
        Assert.Contains("WhatsApp:GraphApiBaseUrl", line, StringComparison.Ordinal);
    }
}
