using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Vimercate.Console.Tests;

/// <summary>The routes the console adds, called as the browser calls them.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleApiTests(ConsoleHost host)
{
    private static readonly TimeSpan StreamPatience = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task MeNamesTheKeyAndItsRoles()
    {
        var me = await host.GetJsonAsync<Me>("/api/me", ConsoleHost.EmergencyKey);

        Assert.Equal("protezione-civile", me.Name);
        Assert.Equal(["editor", "emergency"], me.Roles);
        Assert.True(me.Sandbox);
    }

    [Theory]
    [InlineData("/api/me")]
    [InlineData("/api/campaigns/limits")]
    [InlineData("/api/campaigns/estimate")]
    [InlineData("/api/subscribers/stats/daily")]
    [InlineData("/api/events")]
    public async Task EveryConsoleRouteNeedsAKey(string path)
    {
        using var response = await host.GetAsync(path, key: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AKeyWithoutTheEditorRoleCannotFollowTheOverview()
    {
        using var response = await host.GetAsync("/api/events", ConsoleHost.DpoKey);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task LimitsNameTheLengthsTheTemplatesAndTheWeeklyLimit()
    {
        var limits = await host.GetJsonAsync<Limits>("/api/campaigns/limits", ConsoleHost.EditorKey);

        Assert.Equal(120, limits.TitleMaxLength);
        Assert.Equal(4096, limits.TextMaxLength);
        Assert.Equal(1024, limits.CaptionMaxLength);
        Assert.Equal(500, limits.EmergencyReasonMaxLength);
        Assert.Null(limits.Templates.News);
        Assert.Equal(new Template(ConsoleHost.WeatherTemplate, ConsoleHost.WeatherTemplateMaxLength), limits.Templates.Weather);
        Assert.Equal(10, limits.WeeklyLimit);
        Assert.Equal("Europe/Rome", limits.TimeZone);
    }

    [Fact]
    public async Task TheEstimateCountsTheActiveSubscribersAndStartsAtTheScheduledTime()
    {
        await host.SendAsCitizenAsync("393471500001", "Vimercate Info");
        var active = await host.ActiveSubscribersAsync();
        var scheduledAt = DateTimeOffset.UtcNow.AddDays(2);

        var estimate = await host.GetJsonAsync<Estimate>($"/api/campaigns/estimate?scheduledAt={Uri.EscapeDataString(scheduledAt.ToString("O"))}", ConsoleHost.EditorKey);

        Assert.Equal(active, estimate.Audience);
        Assert.Equal(scheduledAt, estimate.StartsAt);
        Assert.Equal(TimeSpan.FromHours(1), estimate.StartsAt.Offset);
        Assert.True(estimate.EstimatedCompletionAt >= estimate.StartsAt);
        Assert.True(estimate.EstimatedCompletionAt <= estimate.StartsAt.AddSeconds(Math.Ceiling(active / estimate.MessagesPerSecond) + 1));
    }

    [Fact]
    public async Task AnEstimateForThePastIsRefusedOnItsField()
    {
        using var response = await host.GetAsync("/api/campaigns/estimate?scheduledAt=2020-01-01T10:00:00%2B01:00", ConsoleHost.EditorKey);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.EndsWith(":validation-failed", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.True(problem.GetProperty("errors").TryGetProperty("scheduledAt", out _));
    }

    [Fact]
    public async Task TheDailyTrendWorksTheActiveCountBackFromEachDaysChanges()
    {
        await host.SendAsCitizenAsync("393471500011", "Vimercate Info");
        await host.SendAsCitizenAsync("393471500012", "Vimercate Info");
        await host.SendAsCitizenAsync("393471500012", "Vimercate stop");

        var trend = await host.GetJsonAsync<TrendResource>("/api/subscribers/stats/daily?days=7", ConsoleHost.EditorKey);

        Assert.Equal(7, trend.Days.Count);
        Assert.Equal(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome")).DateTime), trend.Days[^1].Date);
        var today = trend.Days[^1];
        Assert.Equal(trend.Active, today.Active);
        Assert.True(today.OptIns >= 2 && today.OptOuts >= 1, "today counts the two subscriptions and the stop");
        Assert.Equal(Math.Max(0, today.Active - today.OptIns + today.OptOuts), trend.Days[^2].Active);
        Assert.Equal(today.OptIns, trend.OptInsToday);
        Assert.Equal(today.OptOuts, trend.OptOutsToday);
        Assert.True(trend.OptInsThisWeek >= trend.OptInsToday);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("367")]
    [InlineData("tre")]
    public async Task TheTrendRefusesDaysOutOfRange(string days)
    {
        using var response = await host.GetAsync($"/api/subscribers/stats/daily?days={days}", ConsoleHost.EditorKey);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("days", out _));
    }

    [Fact]
    public async Task TheOverviewStreamStartsWithTheCampaignsTheQuotaAndTheStatistics()
    {
        using var cancel = new CancellationTokenSource(StreamPatience);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        request.Headers.Add("X-Api-Key", ConsoleHost.EditorKey);
        using var response = await host.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = new Dictionary<string, JsonElement>();
        await foreach (var (type, data) in ReadEventsAsync(response, cancel.Token))
        {
            events[type] = data;
            if (events.Count == 3)
            {
                break;
            }
        }

        Assert.Equal(["campaigns", "quota", "stats"], events.Keys.Order().ToArray());
        Assert.Equal(10, events["quota"].GetProperty("limit").GetInt32());
        Assert.Equal(30, events["stats"].GetProperty("days").GetArrayLength());
        Assert.True(events["campaigns"].TryGetProperty("items", out _));
    }

    [Fact]
    public async Task ACampaignStreamFollowsTheCountsAndEndsWhenTheCampaignHasFinished()
    {
        await host.SendAsCitizenAsync("393471500021", "Vimercate Info");
        using var created = await host.CreateCampaignAsync(new { title = "Raccolta rifiuti", text = "Lunedì la raccolta dell'umido è anticipata alle 6.", category = "news" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        using var cancel = new CancellationTokenSource(StreamPatience);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/campaigns/{id}/events");
        request.Headers.Add("X-Api-Key", ConsoleHost.EditorKey);
        using var response = await host.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        var updates = new List<JsonElement>();
        await foreach (var (type, data) in ReadEventsAsync(response, cancel.Token))
        {
            Assert.Equal("campaign", type);
            updates.Add(data);
        }

        var last = updates[^1];
        Assert.Equal("completed", last.GetProperty("status").GetString());
        var counts = last.GetProperty("counts");
        Assert.Equal(0, counts.GetProperty("pending").GetInt32());
        Assert.Equal(counts.GetProperty("audience").GetInt32(), counts.GetProperty("sent").GetInt32() + counts.GetProperty("failed").GetInt32());
        Assert.Equal(updates.Count, updates.Select(u => u.GetRawText()).Distinct().Count());
    }

    [Fact]
    public async Task AStreamOfAnUnknownCampaignAnswers404()
    {
        using var response = await host.GetAsync("/api/campaigns/c-unknown/events", ConsoleHost.EditorKey);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task TheSandboxStreamPushesWhatTheSandboxSentToOneNumber()
    {
        const string number = "393471500031";
        await host.SendAsCitizenAsync(number, "Buongiorno");

        using var cancel = new CancellationTokenSource(StreamPatience);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/sandbox/outbox/events?to=%2B{number}");
        request.Headers.Add("X-Api-Key", ConsoleHost.AdminKey);
        using var response = await host.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        await foreach (var (type, data) in ReadEventsAsync(response, cancel.Token))
        {
            Assert.Equal("message", type);
            Assert.Equal(number, data.GetProperty("to").GetString());
            Assert.Contains("ufficiostampa@comune.vimercate.mb.it", data.GetProperty("text").GetString(), StringComparison.Ordinal);
            return;
        }

        Assert.Fail("The sandbox stream ended without a message.");
    }

    [Fact]
    public async Task TheConsoleIsServedWithItsSecurityHeadersAndRevalidated()
    {
        using var response = await host.GetAsync("/", key: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        Assert.Contains("<html lang=\"it\">", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheConsoleRoutes()
    {
        using var response = await host.GetAsync("/openapi/v1.json", key: null);
        var paths = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("paths");

        foreach (var path in new[] { "/api/me", "/api/campaigns/limits", "/api/campaigns/estimate", "/api/subscribers/stats/daily", "/api/events", "/api/campaigns/{id}/events" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the OpenAPI document");
        }
    }

    /// <summary>Reads "event:" and "data:" blocks until the server ends the stream; pings are left out.</summary>
    private static async IAsyncEnumerable<(string Type, JsonElement Data)> ReadEventsAsync(
        HttpResponseMessage response,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        string? type = null;
        string? data = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (type is not null && type != "ping" && data is not null)
                {
                    yield return (type, JsonDocument.Parse(data).RootElement.Clone());
                }

                type = null;
                data = null;
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
        }
    }

    private sealed record Me(string Name, string[] Roles, bool Sandbox);

    private sealed record Template(string Name, int MaxTextLength);

    private sealed record Templates(Template? News, Template? Weather, Template? Emergency);

    private sealed record Limits(int TitleMaxLength, int TextMaxLength, int CaptionMaxLength, int EmergencyReasonMaxLength, int FilenameMaxLength, Templates Templates, int WeeklyLimit, string TimeZone);

    private sealed record Estimate(int Audience, DateTimeOffset StartsAt, DateTimeOffset EstimatedCompletionAt, double MessagesPerSecond);

    private sealed record Day(DateOnly Date, int OptIns, int OptOuts, int Active);

    private sealed record TrendResource(int Active, int OptInsToday, int OptOutsToday, int OptInsThisWeek, int OptOutsThisWeek, IReadOnlyList<Day> Days);
}
