using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vimercate.Console.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class PrivacyTests(Browser browser, ConsoleHost host)
{
    [Fact]
    public async Task AKeyWithoutTheDpoRoleDoesNotSeeTheSubscriberLookup()
    {
        var page = await browser.OpenAsync(host);
        await ConsolePages.SignInAsync(page, ConsoleHost.EmergencyKey);
        var sections = page.GetByRole(AriaRole.Navigation, new() { Name = "Sezioni della console" });
        await Expect(sections.GetByRole(AriaRole.Link, new() { Name = "Campagne" })).ToBeVisibleAsync();

        await Expect(sections.GetByRole(AriaRole.Link, new() { Name = "Iscritti" })).ToHaveCountAsync(0);
        await Expect(sections.GetByRole(AriaRole.Link, new() { Name = "Registro" })).ToHaveCountAsync(0);

        await page.GotoAsync("/#/iscritti");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Accesso non consentito" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Numero di telefono")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task TheDataProtectionOfficerLooksUpDownloadsAndErasesANumber()
    {
        const string number = "393471600001";
        await host.SendAsCitizenAsync(number, "Vimercate Info");
        var page = await browser.OpenAsync(host);
        await ConsolePages.SignInAsync(page, ConsoleHost.DpoKey);
        var sections = page.GetByRole(AriaRole.Navigation, new() { Name = "Sezioni della console" });
        await Expect(sections.GetByRole(AriaRole.Link, new() { Name = "Iscritti" })).ToHaveAttributeAsync("aria-current", "page");
        await Expect(sections.GetByRole(AriaRole.Link, new() { Name = "Panoramica" })).ToHaveCountAsync(0);

        await page.GetByLabel("Numero di telefono").FillAsync("+39 347 160 0001");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cerca" }).ClickAsync();

        await Expect(page.Locator("#subscriber-state")).ToHaveTextAsync("Iscritto: riceve le comunicazioni.");
        var history = page.GetByRole(AriaRole.Table, new() { Name = "Storico dei consensi" });
        await Expect(history.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("Iscrizione");
        await Expect(history.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("Vimercate Info");
        await Screenshots.SaveAsync(page, "subscriber-lookup");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Scarica i dati (JSON)" }).ClickAsync());
        Assert.Equal($"dati-{number}.json", download.SuggestedFilename);
        using (var exported = JsonDocument.Parse(await File.ReadAllTextAsync((await download.PathAsync())!)))
        {
            Assert.Equal(number, exported.RootElement.GetProperty("number").GetString());
            Assert.True(exported.RootElement.GetProperty("current").GetProperty("subscribed").GetBoolean());
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Cancella i dati di questo numero" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog, new() { Name = "Cancellare i dati di questo numero?" }).GetByRole(AriaRole.Button, new() { Name = "Sì, cancella i dati" }).ClickAsync();

        await Expect(page.Locator("#erase-done")).ToHaveTextAsync($"I dati di +{number} sono stati cancellati.");
        await Expect(page.Locator("#subscriber-state")).ToHaveTextAsync("Nessun dato conservato in chiaro per questo numero.");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Storico archiviato dei consensi" })).ToContainTextAsync("Cancellazione dei dati");
        using var after = await host.GetAsync($"/api/subscribers/{number}", ConsoleHost.DpoKey);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await after.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("current").ValueKind);
    }

    [Fact]
    public async Task ANumberNeverSeenHoldsNothingAndAMalformedOneIsRefusedOnItsField()
    {
        var page = await browser.OpenAsync(host);
        await ConsolePages.SignInAsync(page, ConsoleHost.DpoKey);
        var phone = page.GetByLabel("Numero di telefono");

        await phone.FillAsync("393471699999");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cerca" }).ClickAsync();
        await Expect(page.Locator("#lookup-empty")).ToHaveTextAsync("Il servizio non conserva alcun dato su questo numero.");

        await phone.FillAsync("abc");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cerca" }).ClickAsync();
        await Expect(page.Locator("#phone-error")).ToHaveTextAsync("Numero non valido: scrivilo con il prefisso internazionale, per esempio 393331234567.");
        await Expect(phone).ToHaveAttributeAsync("aria-invalid", "true");
    }

    [Fact]
    public async Task TheAdministratorReadsWhoDidWhatInTheAuditLog()
    {
        using var created = await host.CreateCampaignAsync(new
        {
            title = "Allerta neve",
            text = "Domani neve in pianura: le scuole restano chiuse.",
            category = "emergency",
            emergencyReason = "Ordinanza del sindaco n. 12",
        }, ConsoleHost.EmergencyKey);
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var page = await browser.OpenAsync(host);
        await ConsolePages.SignInAsync(page, ConsoleHost.AdminKey);

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Sezioni della console" }).GetByRole(AriaRole.Link, new() { Name = "Registro" }).ClickAsync();

        var emergency = page.Locator("#audit-log tbody tr").Filter(new() { HasText = "Ordinanza del sindaco n. 12" });
        await Expect(emergency).ToContainTextAsync("Emergenza creata");
        await Expect(emergency).ToContainTextAsync("protezione-civile");
        await Expect(emergency).ToContainTextAsync("Emergenza «Allerta neve»; motivo: Ordinanza del sindaco n. 12");
        await Screenshots.SaveAsync(page, "audit-log");
    }
}
