using System.Net;
using System.Text;
using static Vimercate.Api.Tests.Campaigns.PressOfficeApiFactory;
using static Vimercate.Api.Tests.Campaigns.PressOfficeRequests;

namespace Vimercate.Api.Tests.Campaigns;

/// <summary>The API with an approved weather template of at most 300 characters.</summary>
public sealed class WeatherTemplateApiFactory : PressOfficeApiFactory
{
    public const int WeatherTemplateLimit = 300;

    public WeatherTemplateApiFactory()
    {
        Settings = new Dictionary<string, string>
        {
            ["WhatsApp:Templates:Weather:Name"] = "allerta_meteo",
            ["WhatsApp:Templates:Weather:Language"] = "it",
            ["WhatsApp:Templates:Weather:MaxTextLength"] = WeatherTemplateLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}

/// <summary>Each rule of a campaign request answers 400 validation-failed naming the field.</summary>
public sealed class CampaignValidationTests(WeatherTemplateApiFactory factory) : IClassFixture<WeatherTemplateApiFactory>
{
    public static TheoryData<string, Action<Dictionary<string, object?>>> BrokenRules => new()
    {
        { "title", body => body.Remove("title") },
        { "title", body => body["title"] = "   " },
        { "title", body => body["title"] = new string('t', 121) },
        { "text", body => body["text"] = "" },
        { "text", body => body["text"] = new string('x', 4097) },
        { "text", body => { body["text"] = new string('x', 1025); body["media"] = Media("image", "https://www.comune.vimercate.mb.it/a.jpg"); } },
        { "text", body => { body["category"] = "weather"; body["text"] = new string('x', WeatherTemplateApiFactory.WeatherTemplateLimit + 1); } },
        { "category", body => body.Remove("category") },
        { "category", body => body["category"] = "sport" },
        { "media.kind", body => body["media"] = Media("video", "https://www.comune.vimercate.mb.it/a.mp4") },
        { "media.url", body => body["media"] = Media("image", "http://www.comune.vimercate.mb.it/a.jpg") },
        { "media.url", body => body["media"] = Media("document", "/files/delibera.pdf") },
        { "media.url", body => body["media"] = Media("document", null) },
        { "emergencyReason", body => body["emergencyReason"] = "Non è un'emergenza" },
        { "emergencyReason", body => { body["category"] = "emergency"; body["emergencyReason"] = null; } },
        { "scheduledAt", body => body["scheduledAt"] = DateTimeOffset.UtcNow.AddMinutes(-1) },
        { "scheduledAt", body => body["scheduledAt"] = "domani alle 8" },
    };

    [Theory]
    [MemberData(nameof(BrokenRules))]
    public async Task BrokenRuleIsRefusedNamingTheField(string field, Action<Dictionary<string, object?>> breakRule)
    {
        using var client = factory.ClientFor(Admin);
        var body = News();
        breakRule(body);

        var fields = await (await client.CreateCampaignAsync(body)).ReadValidationErrorsAsync();

        Assert.Equal([field], fields);
    }

    [Fact]
    public async Task EveryBrokenRuleIsNamedAtOnce()
    {
        using var client = factory.ClientFor(Admin);
        var body = new Dictionary<string, object?>
        {
            ["title"] = "",
            ["text"] = "",
            ["category"] = "sport",
            ["media"] = Media("gif", "ftp://example.org/a.gif"),
            ["scheduledAt"] = DateTimeOffset.UtcNow.AddDays(-1),
        };

        var fields = await (await client.CreateCampaignAsync(body)).ReadValidationErrorsAsync();

        Assert.Equal(["category", "media.kind", "media.url", "scheduledAt", "text", "title"], fields.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task LimitsAreInclusive()
    {
        using var client = factory.ClientFor(Admin);
        var longest = News(title: new string('t', 120));
        longest["text"] = new string('x', 4096);
        longest["category"] = "Sport";

        var fields = await (await client.CreateCampaignAsync(longest)).ReadValidationErrorsAsync();

        Assert.Equal(["category"], fields);
    }

    [Fact]
    public async Task TemplateLimitAppliesOnlyToItsCategory()
    {
        using var client = factory.ClientFor(Admin);
        var news = News(title: "");
        news["text"] = new string('x', WeatherTemplateApiFactory.WeatherTemplateLimit + 1);

        var fields = await (await client.CreateCampaignAsync(news)).ReadValidationErrorsAsync();

        Assert.Equal(["title"], fields);
    }

    [Fact]
    public async Task MalformedJsonIsABadRequest()
    {
        using var client = factory.ClientFor(Admin);

        var response = await client.PostAsync("/api/campaigns", new StringContent("{\"title\": \"Chiusura\", ", Encoding.UTF8, "application/json"));

        Assert.Equal(["body"], await response.ReadValidationErrorsAsync());
    }

    [Fact]
    public async Task FieldOfTheWrongJsonTypeIsNamed()
    {
        using var client = factory.ClientFor(Admin);

        var response = await client.PostAsync("/api/campaigns", new StringContent("{\"title\": 42, \"text\": \"x\", \"category\": \"news\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(["title"], await response.ReadValidationErrorsAsync());
    }

    [Fact]
    public async Task BodyThatIsNotJsonIsAnUnsupportedMediaType()
    {
        using var client = factory.ClientFor(Admin);

        var response = await client.PostAsync("/api/campaigns", new StringContent("title=Chiusura", Encoding.UTF8, "application/x-www-form-urlencoded"));

        await response.ReadProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }

    [Fact]
    public async Task UnusableIdempotencyKeyIsNamed()
    {
        using var client = factory.ClientFor(Admin);

        var response = await client.CreateCampaignAsync(News(), idempotencyKey: new string('k', 201));

        Assert.Equal(["Idempotency-Key"], await response.ReadValidationErrorsAsync());
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("page=uno")]
    [InlineData("pageSize=0")]
    [InlineData("pageSize=101")]
    [InlineData("status=archived")]
    public async Task ListingWithAnUnusableQueryIsRefused(string query)
    {
        using var client = factory.ClientFor(Editor);

        var fields = await (await client.GetAsync($"/api/campaigns?{query}")).ReadValidationErrorsAsync();

        Assert.Equal([query.Split('=')[0]], fields);
    }

    private static Dictionary<string, object?> Media(string kind, string? url) => new() { ["kind"] = kind, ["url"] = url, ["filename"] = null };
}
