using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vimercate.Console.Tests;

/// <summary>
/// The console in Cloud mode with an approved template for weather only, and quiet hours that hold now: from an hour ago
/// to an hour from now, in the service's zone. No citizen is subscribed and no Graph API answers, so nothing leaves.
/// </summary>
public sealed class QuietCloudConsoleHost : ConsoleHost
{
    private static readonly TimeZoneInfo Rome = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");
    private static readonly DateTime LocalNow = TimeZoneInfo.ConvertTime(DateTime.UtcNow, Rome);

    /// <summary>When the quiet hours that hold now end, "HH:mm".</summary>
    public static readonly string QuietEnd = LocalNow.AddHours(1).ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>When they began, "HH:mm".</summary>
    public static readonly string QuietStart = LocalNow.AddHours(-1).ToString("HH:mm", CultureInfo.InvariantCulture);

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["WhatsApp:Mode"] = "Cloud",
        ["WhatsApp:GraphApiBaseUrl"] = "http://127.0.0.1:9",
        ["WhatsApp:PhoneNumberId"] = "610000000000019",
        ["WhatsApp:AccessToken"] = "console-tests-cloud-token",
        ["Service:QuietHours"] = $"{QuietStart}-{QuietEnd}",
    };
}

/// <summary>What the press office sees before sending: a missing template, the quiet hours, a test send on the staff's phones.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ProductionStatesTests(Browser browser, ConsoleHost host, QuietCloudConsoleHost cloud) : IClassFixture<QuietCloudConsoleHost>
{
    [Fact]
    public async Task AMissingTemplateIsSaidOnTheOverviewAndBeforeWritingAndStopsThatCategory()
    {
        var page = await browser.OpenAsync(cloud);
        await ConsolePages.SignInAsync(page, ConsoleHost.AdminKey);

        var overview = page.Locator("#templates-missing");
        await Expect(overview).ToContainTextAsync("Notizia, Emergenza");
        await Expect(overview).ToContainTextAsync("WhatsApp:Templates:News, WhatsApp:Templates:Emergency");
        await Screenshots.SaveAsync(page, "overview-missing-template");

        await ConsolePages.OpenComposeAsync(page);
        await page.GetByRole(AriaRole.Radio, new() { Name = "Notizia", Exact = true }).CheckAsync();
        var notice = page.Locator("#template-missing");
        await Expect(notice).ToBeVisibleAsync();
        await Expect(notice).ToContainTextAsync("«Notizia» (WhatsApp:Templates:News)");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Rivedi e invia" })).ToBeDisabledAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Invia una prova" })).ToBeDisabledAsync();
        await Screenshots.SaveAsync(page, "compose-missing-template");

        await page.GetByRole(AriaRole.Radio, new() { Name = "Allerta meteo", Exact = true }).CheckAsync();
        await Expect(notice).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Rivedi e invia" })).ToBeEnabledAsync();
    }

    [Fact]
    public async Task InsideTheQuietHoursTheConsoleSaysWhenTheCampaignWillLeaveAndItWaits()
    {
        var page = await browser.OpenAsync(cloud);
        await ConsolePages.SignInAsync(page, ConsoleHost.EditorKey);
        await ConsolePages.OpenComposeAsync(page);
        await ConsolePages.FillCampaignAsync(page, "Allerta meteo", "Nebbia in mattinata", "Nebbia fitta fino alle 10: guidate con prudenza.");

        var notice = page.Locator("#quiet-hours");
        await Expect(notice).ToBeVisibleAsync();
        await Expect(notice).ToContainTextAsync($"Ore di silenzio ({QuietCloudConsoleHost.QuietStart}–{QuietCloudConsoleHost.QuietEnd})");
        await Expect(notice).ToContainTextAsync($"parte alle {QuietCloudConsoleHost.QuietEnd}");
        await Screenshots.SaveAsync(page, "compose-quiet-hours");

        await page.GetByRole(AriaRole.Button, new() { Name = "Rivedi e invia" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Confermi l’invio?" });
        await Expect(dialog.Locator("#confirm-start")).ToContainTextAsync($"{QuietCloudConsoleHost.QuietEnd}, alla fine delle ore di silenzio");
        await dialog.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Invia a") }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Nebbia in mattinata", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator(".badges .badge").Last).ToHaveTextAsync("Programmata");
        await Expect(page.GetByText("attende la fine delle ore di silenzio")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AnEmergencyOrALaterTimeShowsNoQuietHoursNotice()
    {
        var page = await browser.OpenAsync(cloud);
        await ConsolePages.SignInAsync(page, ConsoleHost.AdminKey);
        await ConsolePages.OpenComposeAsync(page);
        await page.GetByRole(AriaRole.Radio, new() { Name = "Allerta meteo", Exact = true }).CheckAsync();
        var notice = page.Locator("#quiet-hours");
        await Expect(notice).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Radio, new() { Name = "Programma" }).CheckAsync();
        await Expect(notice).ToBeHiddenAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "Invia subito" }).CheckAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "Emergenza", Exact = true }).CheckAsync();
        await Expect(notice).ToBeHiddenAsync();
    }

    [Fact]
    public async Task ATestSendReachesTheSubscribedStaffPhoneOnlyAndIsNoCampaign()
    {
        await host.SendAsCitizenAsync(ConsoleHost.TestRecipients[0], "Vimercate Info");
        var page = await browser.OpenAsync(host);
        await ConsolePages.SignInAsync(page, ConsoleHost.EditorKey);
        await ConsolePages.OpenComposeAsync(page);
        const string Text = "Prova: sabato il mercato si sposta in piazza Marconi.";
        await ConsolePages.FillCampaignAsync(page, "Notizia", "Prova del mercato", Text);

        await page.GetByRole(AriaRole.Button, new() { Name = "Invia una prova" }).ClickAsync();

        var result = page.Locator("#test-send-result");
        await Expect(result).ToContainTextAsync("Prova inviata a 1 telefono di prova: *********001.");
        await Expect(result).ToContainTextAsync("Non iscritti, nessun invio (scrivi «Vimercate Info» da quel telefono): *********002.");
        await Screenshots.SaveAsync(page, "compose-test-send");
        var outbox = await host.GetJsonAsync<JsonElement>($"/sandbox/outbox?to={ConsoleHost.TestRecipients[0]}", ConsoleHost.AdminKey);
        Assert.Contains(outbox.EnumerateArray(), m => m.GetProperty("text").GetString() == Text && m.GetProperty("campaignId").ValueKind == JsonValueKind.Null);
        using var campaigns = await host.GetAsync("/api/campaigns?pageSize=100", ConsoleHost.EditorKey);
        Assert.Equal(HttpStatusCode.OK, campaigns.StatusCode);
        Assert.DoesNotContain("Prova del mercato", await campaigns.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
