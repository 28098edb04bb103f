using System.Net;
using Vimercate.Api.Tests.Campaigns;

namespace Vimercate.Api.Tests.Privacy;

/// <summary>Hostile POST /api/campaigns bodies from a valid key: never a 5xx, and only valid ones create anything.</summary>
public sealed class CampaignFuzzTests(PrivacyApiFactory factory) : IClassFixture<PrivacyApiFactory>
{
    private const int Bodies = 10_000;

    [Fact]
    public async Task TenThousandHostileCampaignRequestsGetNoServerErrorAndOnlyValidOnesCreateCampaigns()
    {
        var client = factory.ClientFor(PressOfficeApiFactory.EmergencyEditor);
        var admin = factory.ClientFor(PressOfficeApiFactory.Admin);
        var generator = new HostileCampaignBodies(seed: 4096);
        var campaignsBefore = await TotalAsync(admin, "/api/campaigns");
        var auditBefore = await TotalAsync(admin, "/api/audit");
        var kinds = new HashSet<CampaignBodyKind>();
        var created = 0;

        for (var i = 0; i < Bodies; i++)
        {
            var body = generator.Next(i);
            var content = new ByteArrayContent(body.Bytes);
            if (body.ContentType is not null)
            {
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(body.ContentType);
            }

            using var response = await client.PostAsync("/api/campaigns", content);
            Assert.True((int)response.StatusCode < 500, $"Body {i} ({body.Kind}) answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            Assert.True(Expected(body) == response.StatusCode, $"Body {i} ({body.Kind}) answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            kinds.Add(body.Kind);
            created += response.StatusCode == HttpStatusCode.Accepted ? 1 : 0;
        }

        Assert.Equal(Enum.GetValues<CampaignBodyKind>().Length, kinds.Count);
        Assert.True(created > 0);
        Assert.Equal(campaignsBefore + created, await TotalAsync(admin, "/api/campaigns"));
        Assert.Equal(auditBefore + created, await TotalAsync(admin, "/api/audit"));
    }

    // The size is checked before anything is read: PressOffice:Limits:MaxBodyBytes, 64 KB by default.
    private static HttpStatusCode Expected(CampaignBody body) => body.Bytes.Length > 64 * 1024
        ? HttpStatusCode.RequestEntityTooLarge
        : body.Kind switch
        {
            CampaignBodyKind.Valid => HttpStatusCode.Accepted,
            CampaignBodyKind.NotJson => HttpStatusCode.UnsupportedMediaType,
            CampaignBodyKind.TooLarge => HttpStatusCode.RequestEntityTooLarge,
            _ => HttpStatusCode.BadRequest,
        };

    private static async Task<long> TotalAsync(HttpClient client, string path) =>
        (await (await client.GetAsync($"{path}?pageSize=1")).ReadJsonAsync(HttpStatusCode.OK)).GetProperty("total").GetInt64();
}
