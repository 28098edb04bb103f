using System.Net;
using System.Text.RegularExpressions;

namespace Vimercate.Api.Tests.Campaigns;

/// <summary>The OpenAPI description and the interactive reference page.</summary>
public sealed partial class ApiDocumentationTests(PressOfficeApiFactory factory) : IClassFixture<PressOfficeApiFactory>
{
    [Fact]
    public async Task OpenApiDescribesThePressOfficeRoutesAndTheApiKey()
    {
        using var client = factory.CreateClient();

        var document = await (await client.GetAsync("/openapi/v1.json")).ReadJsonAsync(HttpStatusCode.OK);

        var paths = document.GetProperty("paths");
        Assert.True(paths.GetProperty("/api/campaigns").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/api/campaigns").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/campaigns/{id}").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/campaigns/{id}/cancel").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/api/quota").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/subscribers/stats").TryGetProperty("get", out _));
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());
        var create = paths.GetProperty("/api/campaigns").GetProperty("post");
        Assert.True(create.GetProperty("security")[0].TryGetProperty("ApiKey", out _));
        Assert.True(create.GetProperty("responses").TryGetProperty("202", out _));
        Assert.True(create.GetProperty("responses").TryGetProperty("409", out _));
        var request = create.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.Equal(
            ["category", "emergencyReason", "media", "scheduledAt", "text", "title"],
            request.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ReferencePageLoadsEverythingFromTheService()
    {
        using var client = factory.CreateClient();

        var page = await client.GetStringAsync("/scalar/");

        Assert.Contains("openapi/v1.json", page, StringComparison.Ordinal);
        var sources = ScriptSource().Matches(page).Select(match => match.Groups[1].Value).ToList();
        Assert.NotEmpty(sources);
        Assert.All(sources, source => Assert.DoesNotContain("//", source, StringComparison.Ordinal));
        foreach (var source in sources)
        {
            var script = await client.GetAsync($"/scalar/{source}");
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        }
    }

    [GeneratedRegex("<script[^>]*\\ssrc=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();
}
