using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Vimercate.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class SandboxTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    private sealed record InboundAnswer(string Outcome);

    private sealed record OutboxItem(string To, string Type, string Text, string? Template, string? CampaignId, DateTimeOffset At);

    [Fact]
    public async Task InboundSubscribePhraseSubscribesAndTheWelcomeAppearsInTheOutbox()
    {
        const string from = "393471000501";

        var first = await _client.PostAsJsonAsync("/sandbox/inbound", new { from, text = "Vimercate Info" });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("subscribed", (await first.Content.ReadFromJsonAsync<InboundAnswer>())!.Outcome);
        OutboxItem[] outbox = [];
        await Eventually.UntilAsync(
            async () => (outbox = (await _client.GetFromJsonAsync<OutboxItem[]>($"/sandbox/outbox?to={from}"))!).Length == 1,
            "the welcome in GET /sandbox/outbox");
        var welcome = outbox[0];
        Assert.Equal(from, welcome.To);
        Assert.Equal("text", welcome.Type);
        Assert.Contains("https://www.comune.vimercate.mb.it/privacy", welcome.Text, StringComparison.Ordinal);
        Assert.Null(welcome.Template);
        Assert.Null(welcome.CampaignId);

        var second = await _client.PostAsJsonAsync("/sandbox/inbound", new { from = "+39 347 100 0501", text = "vimercate info" });

        Assert.Equal("alreadySubscribed", (await second.Content.ReadFromJsonAsync<InboundAnswer>())!.Outcome);
    }

    [Fact]
    public async Task OutboxListsEveryNumberWithoutFilterAndOnlyOneWithIt()
    {
        const string first = "393471000511";
        const string second = "393471000512";
        await _client.PostAsJsonAsync("/sandbox/inbound", new { from = first, text = "Vimercate Info" });
        await _client.PostAsJsonAsync("/sandbox/inbound", new { from = second, text = "Buongiorno" });
        await Eventually.UntilAsync(() => factory.Outbox.List(first).Count == 1 && factory.Outbox.List(second).Count == 1, "both replies");

        var all = await _client.GetFromJsonAsync<OutboxItem[]>("/sandbox/outbox");
        var filtered = await _client.GetFromJsonAsync<OutboxItem[]>($"/sandbox/outbox?to={second}");

        Assert.Contains(all!, m => m.To == first);
        Assert.Contains(all!, m => m.To == second);
        Assert.All(filtered!, m => Assert.Equal(second, m.To));
        Assert.Contains("ufficiostampa@comune.vimercate.mb.it", Assert.Single(filtered!).Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "text": "Vimercate Info" }""", "from")]
    [InlineData("""{ "from": "", "text": "Vimercate Info" }""", "from")]
    [InlineData("""{ "from": "hello", "text": "Vimercate Info" }""", "from")]
    [InlineData("""{ "from": "12345", "text": "Vimercate Info" }""", "from")]
    [InlineData("""{ "from": 393331234567, "text": "Vimercate Info" }""", "from")]
    [InlineData("""{ "from": "393331234567" }""", "text")]
    [InlineData("""{ "from": "393331234567", "text": "   " }""", "text")]
    [InlineData("""{ "from": "393331234567", "text": ["Vimercate Info"] }""", "text")]
    [InlineData("""{ "from": "393331234567", "text": "Vimercate Info" """, "body")]
    [InlineData("""not json""", "body")]
    [InlineData("", "body")]
    public async Task InvalidInboundIsABadRequestNamingTheField(string json, string field)
    {
        var response = await _client.PostAsync("/sandbox/inbound", new StringContent(json, Encoding.UTF8, "application/json"));

        await AssertNamesFieldAsync(response, field);
    }

    [Fact]
    public async Task InboundTextOverWhatsAppsLimitIsABadRequest()
    {
        var response = await _client.PostAsJsonAsync("/sandbox/inbound", new { from = "393331234567", text = new string('a', 4097) });

        await AssertNamesFieldAsync(response, "text");
    }

    [Fact]
    public async Task OutboxFilterThatIsNoNumberIsABadRequest()
    {
        var response = await _client.GetAsync("/sandbox/outbox?to=abc");

        await AssertNamesFieldAsync(response, "to");
    }

    private static async Task AssertNamesFieldAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), $"the problem should name {field}: {problem.RootElement}");
        Assert.EndsWith("validation-failed", problem.RootElement.GetProperty("type").GetString(), StringComparison.Ordinal);
    }
}
