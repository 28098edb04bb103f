using System.Net;
using static Vimercate.Api.Tests.Campaigns.PressOfficeApiFactory;
using static Vimercate.Api.Tests.Campaigns.PressOfficeRequests;

namespace Vimercate.Api.Tests.Campaigns;

/// <summary>Cloud mode with an approved weather template (image header) only: no Graph API behind it, no subscribers.</summary>
public sealed class CloudTemplatesApiFactory : PressOfficeApiFactory
{
    public const string WeatherTemplate = "allerta_meteo";

    public CloudTemplatesApiFactory()
    {
        Settings = new Dictionary<string, string>
        {
            ["WhatsApp:Mode"] = "Cloud",
            ["WhatsApp:GraphApiBaseUrl"] = "http://127.0.0.1:9",
            ["WhatsApp:PhoneNumberId"] = "610000000000077",
            ["WhatsApp:AccessToken"] = "template-tests-token",
            ["WhatsApp:Templates:Weather:Name"] = WeatherTemplate,
            ["WhatsApp:Templates:Weather:MaxTextLength"] = "500",
            ["WhatsApp:Templates:Weather:Header"] = "Image",
            ["Service:QuietHours"] = "",
        };
    }
}

/// <summary>In Cloud mode a campaign goes out only as the approved template of its category, and the press office learns it before anything is sent.</summary>
public sealed class TemplateTests(CloudTemplatesApiFactory factory) : IClassFixture<CloudTemplatesApiFactory>
{
    [Theory]
    [InlineData("news", "WhatsApp:Templates:News")]
    [InlineData("emergency", "WhatsApp:Templates:Emergency")]
    public async Task ACategoryWithoutItsTemplateIsRefusedNamingTheSetting(string category, string setting)
    {
        using var client = factory.ClientFor(EmergencyEditor);
        var body = category == "news" ? News("Senza modello") : Emergency();

        var problem = await (await client.CreateCampaignAsync(body)).ReadProblemAsync(HttpStatusCode.Conflict, "template-not-configured");

        Assert.Equal(setting, problem.GetProperty("setting").GetString());
        Assert.Equal(category, problem.GetProperty("category").GetString());
        Assert.Contains(setting, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var listed = await (await client.GetAsync("/api/campaigns")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, listed.GetProperty("total").GetInt32());
        var quota = await (await client.GetAsync("/api/quota")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, quota.GetProperty("used").GetInt32());
    }

    [Fact]
    public async Task ACategoryWithItsTemplateIsAccepted()
    {
        using var client = factory.ClientFor(Editor);

        var campaign = await (await client.CreateCampaignAsync(Weather(image: true))).ReadAcceptedCampaignAsync();

        Assert.Equal("weather", campaign.GetProperty("category").GetString());
    }

    [Fact]
    public async Task ATextLongerThanTheTemplateTakesIsRefusedWithTheLimit()
    {
        using var client = factory.ClientFor(Editor);
        var body = Weather(image: true);
        body["text"] = new string('x', 501);

        var problem = await (await client.CreateCampaignAsync(body)).ReadProblemAsync(HttpStatusCode.BadRequest, "validation-failed");

        var error = Assert.Single(problem.GetProperty("errors").GetProperty("text").EnumerateArray()).GetString();
        Assert.Contains("at most 500 characters", error, StringComparison.Ordinal);
        Assert.Contains(CloudTemplatesApiFactory.WeatherTemplate, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACampaignMustCarryWhatTheTemplateHeaderTakes()
    {
        using var client = factory.ClientFor(Editor);
        var document = Weather(image: true);
        document["media"] = new Dictionary<string, object?> { ["kind"] = "document", ["url"] = "https://www.comune.vimercate.mb.it/bollettino.pdf" };

        var withoutImage = await (await client.CreateCampaignAsync(Weather(image: false))).ReadProblemAsync(HttpStatusCode.BadRequest, "validation-failed");
        var withDocument = await (await client.CreateCampaignAsync(document)).ReadProblemAsync(HttpStatusCode.BadRequest, "validation-failed");

        Assert.Contains("has an image header", withoutImage.GetProperty("errors").GetProperty("media.kind")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("has an image header", withDocument.GetProperty("errors").GetProperty("media.kind")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadinessIsDegradedAndNamesTheMissingTemplates()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n');
        Assert.Equal("Degraded", lines[0]);
        Assert.Contains(lines, line => line.StartsWith("templates: Degraded - WhatsApp:Templates:News, WhatsApp:Templates:Emergency not configured", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheConsoleLearnsWhichCategoriesLackATemplate()
    {
        using var client = factory.ClientFor(Editor);

        var limits = await (await client.GetAsync("/api/campaigns/limits")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.True(limits.GetProperty("templatesRequired").GetBoolean());
        var templates = limits.GetProperty("templates");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, templates.GetProperty("news").ValueKind);
        Assert.Equal(CloudTemplatesApiFactory.WeatherTemplate, templates.GetProperty("weather").GetProperty("name").GetString());
        Assert.Equal("image", templates.GetProperty("weather").GetProperty("header").GetString());
    }

    private static Dictionary<string, object?> Weather(bool image) => new()
    {
        ["title"] = "Allerta temporali",
        ["text"] = "Allerta arancione per temporali dalle 14 alle 20: evitate i sottopassi.",
        ["category"] = "weather",
        ["media"] = image ? new Dictionary<string, object?> { ["kind"] = "image", ["url"] = "https://www.comune.vimercate.mb.it/radar.png" } : null,
    };
}
