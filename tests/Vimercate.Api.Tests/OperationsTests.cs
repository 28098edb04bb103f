using System.Net;
using System.Text.Json;

namespace Vimercate.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class OperationsTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task RunningHostIsLiveAndReady(string route)
    {
        var response = await _client.GetAsync(route);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnknownRouteAnswersWithProblemDetails()
    {
        var response = await _client.GetAsync("/no/such/route");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(404, problem.RootElement.GetProperty("status").GetInt32());
        Assert.EndsWith("not-found", problem.RootElement.GetProperty("type").GetString(), StringComparison.Ordinal);
    }
}
