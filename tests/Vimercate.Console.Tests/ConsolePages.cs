using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vimercate.Console.Tests;

/// <summary>What a press officer does on the console, in the words the console shows.</summary>
public static class ConsolePages
{
    public static async Task SignInAsync(IPage page, string key)
    {
        await page.GotoAsync("/");
        await page.GetByLabel("Chiave API dell’ufficio stampa").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Accedi" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Esci" })).ToBeVisibleAsync();
    }

    /// <summary>Opens a chat in the citizen simulator; outside Development it first asks for the admin key, which is given.</summary>
    public static async Task OpenSimulatorChatAsync(IPage page, string number)
    {
        await page.GetByLabel("Numero del cittadino").FillAsync(number);
        await page.GetByRole(AriaRole.Button, new() { Name = "Apri la chat" }).ClickAsync();
        var key = page.GetByLabel("Chiave API dell’ufficio stampa");
        await Expect(key).ToBeVisibleAsync();
        await key.FillAsync(ConsoleHost.AdminKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Usa la chiave" }).ClickAsync();
        await Expect(key).ToBeHiddenAsync();
    }

    public static async Task OpenComposeAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Sezioni della console" }).GetByRole(AriaRole.Link, new() { Name = "Nuova campagna" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Nuova campagna", Level = 1 })).ToBeVisibleAsync();
    }

    public static async Task FillCampaignAsync(IPage page, string category, string title, string text)
    {
        await page.GetByRole(AriaRole.Radio, new() { Name = category, Exact = true }).CheckAsync();
        await page.GetByLabel("Titolo (solo per l’ufficio stampa)").FillAsync(title);
        await page.GetByLabel("Testo del messaggio").FillAsync(text);
    }
}
