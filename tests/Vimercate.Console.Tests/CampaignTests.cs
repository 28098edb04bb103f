using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vimercate.Console.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class CampaignTests(Browser browser, ConsoleHost host)
{
    [Fact]
    public async Task CancellingAScheduledCampaignAsksFirstAndThenStopsIt()
    {
        using var created = await host.CreateCampaignAsync(new
        {
            title = "Consiglio comunale",
            text = "Giovedì alle 21 seduta del Consiglio comunale in diretta sul sito.",
            category = "news",
            scheduledAt = DateTimeOffset.UtcNow.AddHours(3),
        });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<Created>())!.Id;
        var page = await browser.OpenAsync(host);
        await ConsolePages.SignInAsync(page, ConsoleHost.EditorKey);

        await page.GetByRole(AriaRole.Link, new() { Name = "Consiglio comunale" }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Consiglio comunale", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator(".badges .badge").Last).ToHaveTextAsync("Programmata");
        await page.GetByRole(AriaRole.Button, new() { Name = "Annulla la campagna" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Annullare la campagna?" });
        await Expect(dialog).ToContainTextAsync("non conterà nel limite settimanale");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "No, lasciala andare" }).ClickAsync();

        Assert.Equal("scheduled", (await host.GetJsonAsync<Created>($"/api/campaigns/{id}")).Status);

        await page.GetByRole(AriaRole.Button, new() { Name = "Annulla la campagna" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog, new() { Name = "Annullare la campagna?" }).GetByRole(AriaRole.Button, new() { Name = "Sì, annulla la campagna" }).ClickAsync();

        await Expect(page.Locator(".badges .badge").Last).ToHaveTextAsync("Annullata");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Annulla la campagna" })).ToBeHiddenAsync();
        Assert.Equal("cancelled", (await host.GetJsonAsync<Created>($"/api/campaigns/{id}")).Status);
    }

    [Fact]
    public async Task AnUnknownCampaignSaysSo()
    {
        var page = await browser.OpenAsync(host);
        await ConsolePages.SignInAsync(page, ConsoleHost.EditorKey);

        await page.GotoAsync("/#/campagne/c-does-not-exist");

        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Questa campagna non esiste." })).ToBeVisibleAsync();
    }

    private sealed record Created(string Id, string Status);
}
