using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vimercate.Console.Tests;

[Collection(ConsoleCollection.Name)]
public sealed partial class ComposeTests(Browser browser, ConsoleHost host)
{
    private static readonly CultureInfo Italian = new("it-IT");

    [Fact]
    public async Task ANewsCampaignIsConfirmedWithItsAudienceAndItsProgressBarReaches100Percent()
    {
        foreach (var number in new[] { "393471300001", "393471300002", "393471300003" })
        {
            await host.SendAsCitizenAsync(number, "Vimercate Info");
        }

        var audience = await host.ActiveSubscribersAsync();
        var page = await browser.OpenAsync(host);
        await ConsolePages.SignInAsync(page, ConsoleHost.EditorKey);
        await ConsolePages.OpenComposeAsync(page);
        await ConsolePages.FillCampaignAsync(page, "Notizia", "Chiusura via Cavour", "Domani *via Cavour* resta chiusa dalle 8 alle 18 per lavori.");
        await Expect(page.Locator(".preview .bubble-text strong")).ToHaveTextAsync("via Cavour");
        await Screenshots.SaveAsync(page, "compose");

        await page.GetByRole(AriaRole.Button, new() { Name = "Rivedi e invia" }).ClickAsync();

        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Confermi l’invio?" });
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog.Locator("#confirm-audience")).ToHaveTextAsync($"{audience.ToString("N0", Italian)} iscritti attivi");
        await Expect(dialog.Locator("#confirm-completion")).ToContainTextAsync("(");
        await Screenshots.SaveAsync(page, "compose-confirm", fullPage: false);
        await dialog.GetByRole(AriaRole.Button, new() { Name = $"Invia a {audience.ToString("N0", Italian)} iscritti" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Chiusura via Cavour", Level = 1 })).ToBeVisibleAsync();
        var progress = page.GetByRole(AriaRole.Progressbar, new() { Name = "Avanzamento della campagna" });
        await Expect(progress).ToHaveAttributeAsync("aria-valuenow", "100");
        await Expect(page.Locator(".badges .badge").Last).ToHaveTextAsync("Completata");
        await Expect(page.Locator("[data-count=sent]")).ToHaveTextAsync(audience.ToString("N0", Italian));
        await Expect(page.Locator("[data-count=pending]")).ToHaveTextAsync("0");
        await Expect(page.Locator("[data-count=failed]")).ToHaveTextAsync("0");
        await Expect(page.Locator("#progress-percent")).ToHaveTextAsync("100 %");
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = $"Destinatari {audience.ToString("N0", Italian)}, Inviati {audience.ToString("N0", Italian)}" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "campaign");

        await page.GetByRole(AriaRole.Link, new() { Name = "Panoramica" }).ClickAsync();
        var row = page.Locator("#latest-campaigns li").Filter(new() { HasText = "Chiusura via Cavour" });
        await Expect(row.GetByRole(AriaRole.Progressbar)).ToHaveAttributeAsync("aria-valuenow", "100");
        await Expect(row).ToContainTextAsync($"{audience.ToString("N0", Italian)} di {audience.ToString("N0", Italian)} elaborati");
        await Screenshots.SaveAsync(page, "overview");
    }

    [Fact]
    public async Task TheCharacterCounterCountsAgainstTheLimitThatApplies()
    {
        var page = await browser.OpenAsync(host);
        await ConsolePages.SignInAsync(page, ConsoleHost.EditorKey);
        await ConsolePages.OpenComposeAsync(page);
        var counter = page.Locator("#text-counter");

        await ConsolePages.FillCampaignAsync(page, "Notizia", "Contatore", new string('a', 1500));
        await Expect(counter).ToHaveTextAsync("1500 / 4096 caratteri · messaggio libero");
        await Expect(counter).Not.ToHaveClassAsync(OverLimit());

        await page.GetByLabel("Allegato", new() { Exact = true }).SelectOptionAsync("image");
        await Expect(counter).ToHaveTextAsync("1500 / 1024 caratteri · didascalia di un allegato");
        await Expect(counter).ToHaveClassAsync(OverLimit());

        await page.GetByLabel("Allegato", new() { Exact = true }).SelectOptionAsync("");
        await page.GetByRole(AriaRole.Radio, new() { Name = "Allerta meteo" }).CheckAsync();
        await Expect(counter).ToHaveTextAsync($"1500 / {ConsoleHost.WeatherTemplateMaxLength} caratteri · modello approvato «{ConsoleHost.WeatherTemplate}»");

        await page.GetByRole(AriaRole.Button, new() { Name = "Rivedi e invia" }).ClickAsync();
        await Expect(page.Locator("#text-error")).ToHaveTextAsync($"Il testo può avere al massimo {ConsoleHost.WeatherTemplateMaxLength} caratteri (modello approvato «{ConsoleHost.WeatherTemplate}»).");
        await Expect(page.GetByLabel("Testo del messaggio")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AnEmergencyNeedsItsReasonAndTwoConfirmations()
    {
        var page = await browser.OpenAsync(host);
        await ConsolePages.SignInAsync(page, ConsoleHost.EmergencyKey);
        await ConsolePages.OpenComposeAsync(page);
        await ConsolePages.FillCampaignAsync(page, "Emergenza", "Esondazione del Molgora", "Evitate le zone vicine al torrente Molgora fino a nuovo avviso.");
        var send = page.GetByRole(AriaRole.Button, new() { Name = "Rivedi e invia l’emergenza" });

        await send.ClickAsync();

        await Expect(page.Locator("#emergency-reason-error")).ToHaveTextAsync("Un'emergenza richiede un motivo.");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);

        await page.GetByLabel("Motivo dell’emergenza").FillAsync("Allerta rossa della Protezione civile");
        await send.ClickAsync();
        await page.GetByRole(AriaRole.Dialog, new() { Name = "Confermi l’invio dell’emergenza?" }).GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Invia a") }).ClickAsync();
        var second = page.GetByRole(AriaRole.Dialog, new() { Name = "Seconda conferma: emergenza" });
        await Expect(second).ToContainTextAsync("Allerta rossa della Protezione civile");
        await second.GetByRole(AriaRole.Button, new() { Name = "No, torna indietro" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        Assert.DoesNotContain(await CampaignTitlesAsync(), title => title == "Esondazione del Molgora");

        await send.ClickAsync();
        await page.GetByRole(AriaRole.Dialog, new() { Name = "Confermi l’invio dell’emergenza?" }).GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Invia a") }).ClickAsync();
        await Screenshots.SaveAsync(page, "emergency-second-confirmation", fullPage: false);
        await page.GetByRole(AriaRole.Dialog, new() { Name = "Seconda conferma: emergenza" }).GetByRole(AriaRole.Button, new() { Name = "Sì, invia l’emergenza" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Esondazione del Molgora", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator(".badges .badge").First).ToHaveTextAsync("Emergenza");
        await Expect(page.Locator("#message-title + .card-body")).ToContainTextAsync("Allerta rossa della Protezione civile");
        Assert.Single(await CampaignTitlesAsync(), title => title == "Esondazione del Molgora");
    }

    [Fact]
    public async Task AnEditorWithoutTheEmergencyRoleIsNotOfferedEmergencies()
    {
        var page = await browser.OpenAsync(host);
        await ConsolePages.SignInAsync(page, ConsoleHost.EditorKey);
        await ConsolePages.OpenComposeAsync(page);

        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "Notizia" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "Emergenza" })).ToHaveCountAsync(0);
        await Expect(page.GetByLabel("Motivo dell’emergenza")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task AScheduledCampaignWaitsForTheTimeChosenInTheForm()
    {
        var rome = TimeZoneInfo.FindSystemTimeZoneById("Europe/Rome");
        var tomorrow = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddDays(1), rome);
        var at = new DateTimeOffset(tomorrow.Year, tomorrow.Month, tomorrow.Day, 9, 30, 0, tomorrow.Offset);
        var page = await browser.OpenAsync(host);
        await ConsolePages.SignInAsync(page, ConsoleHost.EditorKey);
        await ConsolePages.OpenComposeAsync(page);
        await ConsolePages.FillCampaignAsync(page, "Allerta meteo", "Vento forte domani", "Domani raffiche di vento fino a 80 km/h: fissate vasi e tende.");

        await page.GetByRole(AriaRole.Radio, new() { Name = "Programma" }).CheckAsync();
        await page.GetByLabel("Data e ora di invio").FillAsync(at.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Rivedi e invia" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Confermi l’invio?" });
        await Expect(dialog).ToContainTextAsync("alle ore 09:30");
        await dialog.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Invia a") }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Vento forte domani", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator(".badges .badge").Last).ToHaveTextAsync("Programmata");
        await Expect(page.Locator("#progress-estimate")).ToContainTextAsync("Parte ");
        var id = Uri.UnescapeDataString(new Uri(page.Url).Fragment.Split('/')[^1]);
        var campaign = await host.GetJsonAsync<Scheduled>($"/api/campaigns/{id}");
        Assert.Equal(at, campaign.ScheduledAt);
        Assert.Equal("weather", campaign.Category);
        Assert.Equal("scheduled", campaign.Status);
    }

    private async Task<IReadOnlyList<string>> CampaignTitlesAsync()
    {
        var page = await host.GetJsonAsync<CampaignPage>("/api/campaigns?pageSize=100");
        return page.Items.Select(c => c.Title).ToList();
    }

    [GeneratedRegex("counter-over")]
    private static partial Regex OverLimit();

    private sealed record CampaignPage(IReadOnlyList<Campaign> Items);

    private sealed record Campaign(string Title);

    private sealed record Scheduled(string Category, string Status, DateTimeOffset ScheduledAt);
}
