using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Vimercate.Api.Campaigns;
using Vimercate.Api.Privacy;
using Vimercate.Api.Security;
using Vimercate.Hosting;
using Vimercate.Messaging;
using static Vimercate.Api.Tests.Campaigns.PressOfficeApiFactory;
using static Vimercate.Api.Tests.Campaigns.PressOfficeRequests;

namespace Vimercate.Api.Tests.Campaigns;

/// <summary>The API with three test phones configured, one typed as a national number (Service:DefaultRegion IT).</summary>
public sealed class TestPhonesApiFactory : PressOfficeApiFactory
{
    public const string Subscribed = "393471800001";
    public const string NotSubscribed = "393471800002";
    public const string TypedNationally = "347 180 0003";
    public const string TypedDigits = "393471800003";

    public TestPhonesApiFactory()
    {
        Settings = new Dictionary<string, string>
        {
            ["PressOffice:TestRecipients:0"] = Subscribed,
            ["PressOffice:TestRecipients:1"] = NotSubscribed,
            ["PressOffice:TestRecipients:2"] = TypedNationally,
        };
    }

    /// <summary>What the sandbox "sent".</summary>
    public SandboxOutbox Outbox => Services.GetRequiredService<SandboxOutbox>();
}

/// <summary>A test send reaches the subscribed staff phones only, as the campaign would, and is no campaign.</summary>
public sealed class PreviewTests(TestPhonesApiFactory factory) : IClassFixture<TestPhonesApiFactory>
{
    [Fact]
    public async Task ADraftReachesTheSubscribedTestPhonesOnlyAndIsNoCampaign()
    {
        await SubscribeAsync(TestPhonesApiFactory.Subscribed);
        await SubscribeAsync(TestPhonesApiFactory.TypedDigits);
        using var editor = factory.ClientFor(Editor);
        var quotaBefore = await (await editor.GetAsync("/api/quota")).ReadJsonAsync(HttpStatusCode.OK);
        var draft = News("Prova: chiusura via Cavour");
        draft["text"] = "Prova di invio: domani via Cavour è chiusa dalle 8 alle 18.";

        var preview = await (await PreviewAsync(editor, draft)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(2, preview.GetProperty("sent").GetInt32());
        Assert.Equal(
            [("*********001", "sent"), ("*********002", "notSubscribed"), ("*********003", "sent")],
            preview.GetProperty("recipients").EnumerateArray().Select(r => (r.GetProperty("number").GetString(), r.GetProperty("outcome").GetString())));
        var received = Assert.Single(factory.Outbox.List(TestPhonesApiFactory.Subscribed), m => m.Text == (string)draft["text"]!);
        Assert.Null(received.CampaignId);
        Assert.Single(factory.Outbox.List(TestPhonesApiFactory.TypedDigits), m => m.Text == (string)draft["text"]!);
        Assert.Empty(factory.Outbox.List(TestPhonesApiFactory.NotSubscribed));

        var listed = await (await editor.GetAsync("/api/campaigns")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, listed.GetProperty("total").GetInt32());
        var quotaAfter = await (await editor.GetAsync("/api/quota")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(quotaBefore.GetProperty("used").GetInt32(), quotaAfter.GetProperty("used").GetInt32());
    }

    [Fact]
    public async Task ATestSendIsRecordedInTheAuditLogWithMaskedNumbers()
    {
        await SubscribeAsync(TestPhonesApiFactory.Subscribed);
        using var editor = factory.ClientFor(Editor);
        using var admin = factory.ClientFor(Admin);

        await (await PreviewAsync(editor, News("Prova del registro"))).ReadJsonAsync(HttpStatusCode.OK);

        var page = await (await admin.GetAsync("/api/audit?page=1&pageSize=1")).ReadJsonAsync(HttpStatusCode.OK);
        var entry = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("campaign.previewed", entry.GetProperty("action").GetString());
        Assert.Equal(Editor.Name, entry.GetProperty("apiKeyName").GetString());
        var details = entry.GetProperty("details").GetString()!;
        Assert.Contains("\"Prova del registro\"", details, StringComparison.Ordinal);
        Assert.Contains("*********001 Sent", details, StringComparison.Ordinal);
        Assert.DoesNotContain(TestPhonesApiFactory.Subscribed, page.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADraftIsCheckedAsTheCampaignWouldBeButItsTimeAndReasonDoNotMatter()
    {
        using var emergencyEditor = factory.ClientFor(EmergencyEditor);
        var broken = News("");
        broken["text"] = "";
        var emergencyWithoutReason = Emergency(DateTimeOffset.UtcNow.AddDays(-1));
        emergencyWithoutReason["emergencyReason"] = null;

        var fields = await (await PreviewAsync(emergencyEditor, broken)).ReadValidationErrorsAsync();
        var accepted = await PreviewAsync(emergencyEditor, emergencyWithoutReason);

        Assert.Equal(["text", "title"], fields.Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task OnlyCampaignAuthorsMayTestAndAnEmergencyNeedsItsRole()
    {
        using var dpo = factory.ClientFor(Dpo);
        using var editor = factory.ClientFor(Editor);

        Assert.Equal(HttpStatusCode.Forbidden, (await PreviewAsync(dpo, News())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PreviewAsync(editor, Emergency())).StatusCode);
    }

    [Fact]
    public async Task WithoutTestPhonesTheRequestIsRefusedNamingTheSetting()
    {
        await using var plain = new PressOfficeApiFactory();
        using var editor = plain.ClientFor(Editor);

        var problem = await (await PreviewAsync(editor, News())).ReadProblemAsync(HttpStatusCode.Conflict, "conflict");

        Assert.Equal("PressOffice:TestRecipients", problem.GetProperty("setting").GetString());
    }

    [Fact]
    public void ATestPhoneThatIsNoNumberStopsStartUpNamingTheSetting()
    {
        var validator = new TestRecipientsValidator(new TypedNumbers(Options.Create(new ServiceOptions())));

        var result = validator.Validate(null, new PressOfficeOptions { TestRecipients = ["+39 347 180 0001", "12ab", "347 180 0003"] });

        Assert.Equal(["PressOffice:TestRecipients:1 '*2ab' is not a phone number (national ones are read in Service:DefaultRegion)."], result.Failures);
    }

    private async Task SubscribeAsync(string number)
    {
        using var admin = factory.ClientFor(Admin);
        using var response = await admin.PostAsJsonAsync("/sandbox/inbound", new { from = number, text = "Vimercate Info" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static Task<HttpResponseMessage> PreviewAsync(HttpClient client, object body) =>
        client.PostAsJsonAsync("/api/campaigns/preview", body, PressOfficeApiFactory.Json);
}
