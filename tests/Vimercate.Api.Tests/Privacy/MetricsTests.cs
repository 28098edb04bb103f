using System.Net;
using System.Net.Http.Json;

namespace Vimercate.Api.Tests.Privacy;

/// <summary>GET /metrics: the service's counters and Orleans' in Prometheus text format, and no number.</summary>
[Collection(PrivacyApiCollection.Name)]
public sealed class MetricsTests(PrivacyApiFactory factory)
{
    [Fact]
    public async Task MetricsExposeInboundConsentSendAndLimiterFiguresNextToOrleansOnes()
    {
        const string Number = "393489900101";
        var client = factory.ClientFor(Campaigns.PressOfficeApiFactory.Admin);
        foreach (var text in new[] { "Vimercate Info", "stop" })
        {
            using var inbound = await client.PostAsJsonAsync("/sandbox/inbound", new { from = Number, text });
            Assert.Equal(HttpStatusCode.OK, inbound.StatusCode);
        }

        await Eventually.UntilAsync(() => factory.Outbox.List(Number).Count == 2, "the welcome and the confirmation sent");

        string metrics = "";
        await Eventually.UntilAsync(
            async () =>
            {
                using var response = await client.GetAsync("/metrics");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
                metrics = await response.Content.ReadAsStringAsync();
                return metrics.Contains("vimercate_outbound_sends_total", StringComparison.Ordinal)
                    && metrics.Contains("vimercate_limiter_rate", StringComparison.Ordinal);
            },
            "the send counter and the limiter gauge in /metrics");

        Assert.Matches(@"vimercate_inbound_messages_total\{[^}]*outcome=""Subscribed""[^}]*type=""text""[^}]*\} [1-9]", metrics);
        Assert.Matches(@"vimercate_consent_opt_ins_total(\{[^}]*\})? [1-9]", metrics);
        Assert.Matches(@"vimercate_consent_opt_outs_total\{[^}]*reason=""keyword""[^}]*\} [1-9]", metrics);
        Assert.Matches(@"vimercate_outbound_sends_total\{[^}]*kind=""reply""[^}]*result=""Sent""[^}]*\} [1-9]", metrics);
        Assert.Matches(@"(?m)^vimercate_limiter_configured_rate_per_second(\{[^}]*\})? 80$", metrics);
        Assert.Matches(@"(?m)^vimercate_limiter_rate_per_second(\{[^}]*\})? [1-9]", metrics);
        Assert.Matches(@"(?m)^orleans_\w+", metrics);
        Assert.Matches(@"(?m)^http_server_request_duration_seconds_bucket", metrics);
        Assert.DoesNotContain(Number, metrics, StringComparison.Ordinal);
    }
}
