using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vimercate.Console.Tests;

/// <summary>The main screens checked by axe-core against WCAG 2.1 A and AA: labels, contrast, roles, structure.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class AccessibilityTests(Browser browser, ConsoleHost host)
{
    [Fact]
    public async Task TheConsoleScreensMeetWcag21AA()
    {
        await host.SendAsCitizenAsync("393471700001", "Vimercate Info");
        using var created = await host.CreateCampaignAsync(new { title = "Accessibilità", text = "Una notizia per controllare la pagina della campagna.", category = "news" });
        created.EnsureSuccessStatusCode();
        var page = await browser.OpenAsync(host);

        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Accedi alla console" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page, "sign-in");

        await ConsolePages.SignInAsync(page, ConsoleHost.AdminKey);
        await Expect(page.Locator("#latest-campaigns")).ToBeVisibleAsync();
        await Expect(page.Locator("#active-subscribers")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page, "overview");

        await page.GetByRole(AriaRole.Link, new() { Name = "Accessibilità" }).ClickAsync();
        await Expect(page.Locator(".badges .badge").Last).ToHaveTextAsync("Completata");
        await AssertAccessibleAsync(page, "campaign");

        await ConsolePages.OpenComposeAsync(page);
        await page.GetByRole(AriaRole.Radio, new() { Name = "Emergenza" }).CheckAsync();
        await page.GetByLabel("Allegato", new() { Exact = true }).SelectOptionAsync("document");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rivedi e invia l’emergenza" }).ClickAsync();
        await Expect(page.Locator("#title-error")).ToHaveTextAsync("Scrivi un titolo.");
        await AssertAccessibleAsync(page, "compose with errors");

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Sezioni della console" }).GetByRole(AriaRole.Link, new() { Name = "Campagne" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Pagine" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page, "campaigns");

        var sections = page.GetByRole(AriaRole.Navigation, new() { Name = "Sezioni della console" });
        await sections.GetByRole(AriaRole.Link, new() { Name = "Iscritti" }).ClickAsync();
        await page.GetByLabel("Numero di telefono").FillAsync("393471700001");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cerca" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Storico dei consensi" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page, "subscriber lookup");

        await sections.GetByRole(AriaRole.Link, new() { Name = "Registro" }).ClickAsync();
        await Expect(page.Locator("#audit-log")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page, "audit log");
    }

    [Fact]
    public async Task TheSimulatorMeetsWcag21AA()
    {
        var page = await browser.OpenAsync(host);
        await page.GotoAsync("/sandbox/");
        await ConsolePages.OpenSimulatorChatAsync(page, "393471700002");
        await page.GetByRole(AriaRole.Group, new() { Name = "Messaggi rapidi" }).GetByRole(AriaRole.Button, new() { Name = "Vimercate Info" }).ClickAsync();
        await Expect(page.Locator("[data-from=service]")).ToHaveCountAsync(1);

        await AssertAccessibleAsync(page, "simulator");
    }

    private static async Task AssertAccessibleAsync(IPage page, string screen)
    {
        var results = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });

        var violations = results.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target.ToString()))}").ToList();
        Assert.True(violations.Count == 0, $"The {screen} screen breaks WCAG 2.1 AA:\n{string.Join("\n", violations)}");
    }
}
