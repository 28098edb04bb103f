using System.Net;
using Vimercate.Api.Tests.Campaigns;

namespace Vimercate.Api.Tests.Privacy;

/// <summary>The per-key rate limit on /api: 429 with Retry-After once a key has used its requests.</summary>
public sealed class RateLimitTests(RateLimitedApiFactory factory) : IClassFixture<RateLimitedApiFactory>
{
    [Fact]
    public async Task AKeyOverItsLimitIsToldWhenToRetryWhileOtherKeysGoOn()
    {
        var editor = factory.ClientFor(PressOfficeApiFactory.Editor);
        for (var i = 0; i < RateLimitedApiFactory.Limit; i++)
        {
            using var allowed = await editor.GetAsync("/api/quota");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await editor.GetAsync("/api/quota");
        using var other = await factory.ClientFor(PressOfficeApiFactory.Admin).GetAsync("/api/quota");
        using var outsideApi = await factory.CreateClient().GetAsync("/health/live");

        await refused.ReadProblemAsync(HttpStatusCode.TooManyRequests, "too-many-requests");
        var retryAfter = int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, outsideApi.StatusCode);
    }

    [Fact]
    public async Task RequestsWithoutAValidKeyAreLimitedToo()
    {
        var guesser = factory.ClientWithKey("not-a-key-at-all-0123456789");
        for (var i = 0; i < RateLimitedApiFactory.Limit; i++)
        {
            using var unauthorized = await guesser.GetAsync("/api/quota");
            Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        }

        using var refused = await guesser.GetAsync("/api/quota");

        await refused.ReadProblemAsync(HttpStatusCode.TooManyRequests, "too-many-requests");
        Assert.True(refused.Headers.Contains("Retry-After"));
    }
}
