using Vimercate.Api.Campaigns;
using Vimercate.Api.Security;

namespace Vimercate.Api.Tests.Campaigns;

/// <summary>Start-up refuses API keys it cannot use safely, naming the setting; campaign ids sort by creation.</summary>
public sealed class PressOfficeKeySettingsTests
{
    [Theory]
    [InlineData(0, "news-desk", "editor-key-0123456789", "publisher", "PressOffice:ApiKeys:0:Roles")]
    [InlineData(0, "news-desk", "short", "editor", "PressOffice:ApiKeys:0:Key")]
    [InlineData(0, "news desk", "editor-key-0123456789", "editor", "PressOffice:ApiKeys:0:Name")]
    [InlineData(1, "news-desk-2", "admin-key-0123456789", "editor", "PressOffice:ApiKeys:1:Key")]
    [InlineData(1, "it-admin", "other-key-0123456789", "editor", "PressOffice:ApiKeys:1:Name")]
    public void UnusableKeyIsRefusedNamingTheSetting(int index, string name, string key, string role, string named)
    {
        var keys = new List<ApiKeyOptions> { new() { Name = "it-admin", Key = "admin-key-0123456789", Roles = ["admin"] } };
        var broken = new ApiKeyOptions { Name = name, Key = key, Roles = [role] };
        if (index == 0)
        {
            keys[0] = broken;
        }
        else
        {
            keys.Add(broken);
        }

        var result = new PressOfficeOptionsValidator().Validate(null, new PressOfficeOptions { ApiKeys = keys });

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith(named, failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnusableKeyStopsTheServiceWithOneLineNamingTheSetting()
    {
        var result = await ApiProcess.RunUntilExitAsync(new Dictionary<string, string>
        {
            ["PressOffice__ApiKeys__0__Name"] = "news-desk",
            ["PressOffice__ApiKeys__0__Key"] = "editor-key-0123456789",
            ["PressOffice__ApiKeys__0__Roles__0"] = "publisher",
        });

        Assert.NotEqual(0, result.ExitCode);
        var line = result.SingleErrorLine();
        Assert.Contains("PressOffice:ApiKeys:0:Roles", line, StringComparison.Ordinal);
        Assert.DoesNotContain("editor-key-0123456789", line + result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void CampaignIdsSortByCreationTime()
    {
        var start = new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

        var ids = Enumerable.Range(0, 50).Select(i => CampaignIds.New(start.AddMilliseconds(i * 7))).ToList();

        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.Matches("^c-[0-9a-hjkmnp-tv-z]{26}$", id));
    }
}
