using Microsoft.Extensions.Options;
using Vimercate.Api.Campaigns;

namespace Vimercate.Api.Tests.Campaigns;

/// <summary>Start-up refuses API keys it cannot use safely, naming the setting; campaign ids sort by creation.</summary>
public sealed class PressOfficeKeySettingsTests
{
    [Theory]
    [InlineData("PressOffice:ApiKeys:0:Roles:0", "publisher", "PressOffice:ApiKeys:0:Roles")]
    [InlineData("PressOffice:ApiKeys:0:Key", "short", "PressOffice:ApiKeys:0:Key")]
    [InlineData("PressOffice:ApiKeys:0:Name", "news desk", "PressOffice:ApiKeys:0:Name")]
    [InlineData("PressOffice:ApiKeys:1:Key", "editor-key-0123456789", "PressOffice:ApiKeys:1:Key")]
    public async Task UnusableKeyStopsStartUpNamingTheSetting(string setting, string value, string named)
    {
        await using var factory = new PressOfficeApiFactory { Settings = new Dictionary<string, string> { [setting] = value } };

        var failure = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains(failure.Failures, message => message.StartsWith(named, StringComparison.Ordinal));
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
