using System.Net;

namespace Vimercate.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class WebhookVerificationTests(ApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task HandshakeWithTheConfiguredTokenEchoesTheChallengeAsPlainText()
    {
        var response = await _client.GetAsync($"{Webhooks.Route}?hub.mode=subscribe&hub.verify_token={ApiFactory.VerifyToken}&hub.challenge=1158201444");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("1158201444", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("subscribe", "not-the-token")]
    [InlineData("subscribe", "")]
    [InlineData("unsubscribe", ApiFactory.VerifyToken)]
    public async Task HandshakeWithoutTheRightTokenOrModeIsForbidden(string mode, string token)
    {
        var response = await _client.GetAsync($"{Webhooks.Route}?hub.mode={mode}&hub.verify_token={token}&hub.challenge=1158201444");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("1158201444", await response.Content.ReadAsStringAsync());
    }
}
