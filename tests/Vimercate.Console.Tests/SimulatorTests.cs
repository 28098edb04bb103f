using System.Net;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vimercate.Console.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class SimulatorTests(Browser browser, ConsoleHost host)
{
    [Fact]
    public async Task ACitizenSubscribesGetsTheWelcomeReceivesABroadcastAndStops()
    {
        var page = await browser.OpenAsync(host, width: 1100);
        await page.GotoAsync("/sandbox");
        await ConsolePages.OpenSimulatorChatAsync(page, "347 140 0001");
        var chat = page.GetByRole(AriaRole.Log, new() { Name = "Messaggi" });
        var fromService = chat.Locator("[data-from=service]");

        await page.GetByLabel("Messaggio", new() { Exact = true }).FillAsync("Vimercate Info");
        await page.GetByRole(AriaRole.Button, new() { Name = "Invia", Exact = true }).ClickAsync();

        await Expect(chat.Locator("[data-from=citizen]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Vimercate Info"));
        await Expect(chat.Locator(".system-note")).ToHaveTextAsync("Iscrizione registrata");
        await Expect(fromService.Filter(new() { HasText = "Ti diamo il benvenuto: la tua iscrizione è attiva." })).ToHaveCountAsync(1);

        using var campaign = await host.CreateCampaignAsync(new { title = "Mercato", text = "Sabato il *mercato* si sposta in piazza Marconi.", category = "news" });
        Assert.Equal(HttpStatusCode.Accepted, campaign.StatusCode);

        var broadcast = fromService.Filter(new() { HasText = "Sabato il mercato si sposta in piazza Marconi." });
        await Expect(broadcast).ToHaveCountAsync(1);
        await Expect(broadcast.Locator("strong")).ToHaveTextAsync("mercato");
        await Expect(broadcast).ToHaveAttributeAsync("data-campaign", new System.Text.RegularExpressions.Regex("^c-"));

        await page.GetByRole(AriaRole.Group, new() { Name = "Messaggi rapidi" }).GetByRole(AriaRole.Button, new() { Name = "Vimercate stop" }).ClickAsync();

        await Expect(fromService.Last).ToContainTextAsync("è stata cancellata: non riceverai più messaggi.");
        await Expect(chat.Locator(".system-note").Last).ToHaveTextAsync("Iscrizione cancellata");
        await Screenshots.SaveAsync(page, "simulator");
    }

    [Fact]
    public async Task SomethingThatIsNoNumberIsRefusedNextToTheField()
    {
        var page = await browser.OpenAsync(host);
        await page.GotoAsync("/sandbox/");

        await page.GetByLabel("Numero del cittadino").FillAsync("12ab");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apri la chat" }).ClickAsync();

        await Expect(page.Locator("#number-error")).ToHaveTextAsync("Numero non valido: scrivilo come 333 123 4567 oppure +39 333 123 4567.");
        await Expect(page.GetByLabel("Messaggio", new() { Exact = true })).ToBeDisabledAsync();
    }
}
