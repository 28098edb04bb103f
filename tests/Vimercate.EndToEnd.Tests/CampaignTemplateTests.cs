using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Vimercate.EndToEnd.Tests;

/// <summary>In Cloud mode a campaign reaches the Graph API as the approved template, the text as its body parameter.</summary>
[Collection(CloudCollection.Name)]
public sealed class CampaignTemplateTests(CloudApiFixture fixture)
{
    private readonly HttpClient _client = fixture.Api.CreateClient();

    [Fact]
    public async Task ANewsCampaignGoesOutAsTheApprovedTemplate()
    {
        const string citizen = "393472000901";
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(Webhooks.Text(citizen, "wamid.E2E-TEMPLATE-0001", "Vimercate Info"))).StatusCode);
        await Eventually.UntilAsync(async () => (await fixture.SubscriberAsync(citizen)).IsSubscribed, "the citizen subscribed");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/campaigns")
        {
            Content = JsonContent.Create(new { title = "Mercato", text = "Sabato il mercato\nsi sposta in piazza Marconi.", category = "news" }),
        };
        request.Headers.Add("X-Api-Key", CloudApiFixture.EditorKey);
        using var created = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        await Eventually.UntilAsync(
            () => fixture.Graph.RequestsTo("+" + citizen).Any(r => r.Type == "template"),
            "the campaign at the Graph API");
        await Eventually.UntilAsync(async () => await StatusAsync(id!) == "completed", "the campaign completed");
        var sent = fixture.Graph.RequestsTo("+" + citizen).Single(r => r.Type == "template").Json;
        Assert.Equal("template", sent.GetProperty("type").GetString());
        Assert.Equal(id, sent.GetProperty("biz_opaque_callback_data").GetString());
        var template = sent.GetProperty("template");
        Assert.Equal(CloudApiFixture.NewsTemplate, template.GetProperty("name").GetString());
        Assert.Equal("it", template.GetProperty("language").GetProperty("code").GetString());
        var body = Assert.Single(template.GetProperty("components").EnumerateArray());
        Assert.Equal("body", body.GetProperty("type").GetString());
        Assert.Equal("Sabato il mercato si sposta in piazza Marconi.", body.GetProperty("parameters")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task ATestSendReachesTheTestPhoneAsTheTemplateAndBelongsToNoCampaign()
    {
        const string phone = CloudApiFixture.TestPhone;
        var before = await PreviewAsync();
        Assert.Equal("notSubscribed", before.GetProperty("recipients")[0].GetProperty("outcome").GetString());
        Assert.Empty(fixture.Graph.RequestsTo("+" + phone));

        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(Webhooks.Text(phone, "wamid.E2E-PREVIEW-0001", "Vimercate Info"))).StatusCode);
        await Eventually.UntilAsync(async () => (await fixture.SubscriberAsync(phone)).IsSubscribed, "the test phone subscribed");
        var after = await PreviewAsync();

        Assert.Equal(1, after.GetProperty("sent").GetInt32());
        var sent = fixture.Graph.RequestsTo("+" + phone).Single(r => r.Type == "template").Json;
        Assert.Equal(CloudApiFixture.NewsTemplate, sent.GetProperty("template").GetProperty("name").GetString());
        Assert.Equal("Prova: il mercato si sposta.", sent.GetProperty("template").GetProperty("components")[0].GetProperty("parameters")[0].GetProperty("text").GetString());
        Assert.False(sent.TryGetProperty("biz_opaque_callback_data", out _), "a test send belongs to no campaign");
    }

    private async Task<JsonElement> PreviewAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/campaigns/preview")
        {
            Content = JsonContent.Create(new { title = "Prova", text = "Prova: il mercato si sposta.", category = "news" }),
        };
        request.Headers.Add("X-Api-Key", CloudApiFixture.EditorKey);
        using var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<string?> StatusAsync(string id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/campaigns/{id}");
        request.Headers.Add("X-Api-Key", CloudApiFixture.EditorKey);
        using var response = await _client.SendAsync(request);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();
    }
}
