using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vimercate.Console.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class SignInTests(Browser browser, ConsoleHost host)
{
    [Fact]
    public async Task SigningInShowsTheOverviewWhoseFiguresMoveWithoutReloading()
    {
        var page = await browser.OpenAsync(host);
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Accedi alla console" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "sign-in");

        await ConsolePages.SignInAsync(page, ConsoleHost.AdminKey);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Panoramica", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator(".account-name")).ToHaveTextAsync("amministrazione");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Aggiornamenti in diretta" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "campagne su 10 usate questa settimana" })).ToBeVisibleAsync();
        var active = page.Locator("#active-subscribers");
        await Expect(active).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d"));
        var before = int.Parse(await active.TextContentAsync() ?? "", System.Globalization.NumberStyles.AllowThousands, new System.Globalization.CultureInfo("it-IT"));

        await host.SendAsCitizenAsync("393471200001", "Vimercate Info");
        await host.SendAsCitizenAsync("393471200002", "Vimercate Info");

        await Expect(active).ToHaveTextAsync((before + 2).ToString("N0", new System.Globalization.CultureInfo("it-IT")));
    }

    [Fact]
    public async Task AWrongKeyIsRefusedNextToTheKeyField()
    {
        var page = await browser.OpenAsync(host);
        await page.GotoAsync("/");
        var field = page.GetByLabel("Chiave API dell’ufficio stampa");

        await field.FillAsync("not-a-press-office-key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Accedi" }).ClickAsync();

        await Expect(page.Locator("#key-error")).ToHaveTextAsync("Chiave non valida: controlla di averla copiata per intero.");
        await Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Esci" })).ToBeHiddenAsync();
    }

    [Fact]
    public async Task TheKeyLastsForTheTabOnlyAndSigningOutForgetsIt()
    {
        var page = await browser.OpenAsync(host);
        await ConsolePages.SignInAsync(page, ConsoleHost.EditorKey);

        await page.ReloadAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Panoramica", Level = 1 })).ToBeVisibleAsync();
        Assert.Equal(0, await page.EvaluateAsync<int>("() => localStorage.length"));
        Assert.Equal(ConsoleHost.EditorKey, await page.EvaluateAsync<string>("() => Object.values({ ...sessionStorage }).join()"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Esci" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Accedi alla console" })).ToBeVisibleAsync();
        Assert.Equal(0, await page.EvaluateAsync<int>("() => sessionStorage.length"));
    }

    [Fact]
    public async Task TheOverviewFitsAPhoneScreen()
    {
        var page = await browser.OpenAsync(host, width: 390, height: 844);
        await ConsolePages.SignInAsync(page, ConsoleHost.EditorKey);
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "campagne su 10 usate questa settimana" })).ToBeVisibleAsync();

        Assert.True(
            await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            "the overview scrolls sideways on a 390 px wide phone");
        await Screenshots.SaveAsync(page, "overview-phone");
    }

    [Fact]
    public async Task AConfirmationTakesTheFocusAndEscapeCancelsIt()
    {
        var page = await browser.OpenAsync(host);
        await ConsolePages.SignInAsync(page, ConsoleHost.EditorKey);
        await ConsolePages.OpenComposeAsync(page);
        await ConsolePages.FillCampaignAsync(page, "Notizia", "Da non inviare", "Questa campagna non parte.");

        await page.GetByRole(AriaRole.Button, new() { Name = "Rivedi e invia" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Confermi l’invio?" });
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Annulla" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        var titles = await host.GetJsonAsync<System.Text.Json.JsonElement>("/api/campaigns?pageSize=100");
        Assert.DoesNotContain(titles.GetProperty("items").EnumerateArray(), c => c.GetProperty("title").GetString() == "Da non inviare");
    }
}
