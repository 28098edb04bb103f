using System.Net;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vimercate.Console.Tests;

/// <summary>Fills a week's quota, so it runs on a host of its own.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class QuotaTests(Browser browser)
{
    [Fact]
    public async Task TheEleventhNewsCampaignOfTheWeekShowsTheWeeklyLimitNextToTheSendButton()
    {
        var host = new ConsoleHost();
        await host.InitializeAsync();
        try
        {
            for (var i = 1; i <= 10; i++)
            {
                using var created = await host.CreateCampaignAsync(new { title = $"Notizia {i}", text = $"Notizia numero {i} della settimana.", category = "news" });
                Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
            }

            var page = await browser.OpenAsync(host);
            await ConsolePages.SignInAsync(page, ConsoleHost.EditorKey);
            await Expect(page.Locator("#quota-summary")).ToHaveTextAsync("Limite raggiunto: 10 campagne su 10.");
            await Expect(page.GetByRole(AriaRole.Img, new() { Name = "10 campagne su 10 usate questa settimana" })).ToBeVisibleAsync();
            await Screenshots.SaveAsync(page, "overview-weekly-limit");

            await ConsolePages.OpenComposeAsync(page);
            await ConsolePages.FillCampaignAsync(page, "Notizia", "Undicesima notizia", "Una notizia di troppo per questa settimana.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Rivedi e invia" }).ClickAsync();
            await page.GetByRole(AriaRole.Dialog, new() { Name = "Confermi l’invio?" }).GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Invia a") }).ClickAsync();

            var error = page.Locator("#send-error");
            await Expect(error).ToContainTextAsync("Limite settimanale raggiunto: questa settimana sono già state inviate 10 campagne su 10.");
            await Expect(error).ToContainTextAsync("Il conteggio si azzera lunedì");
            await Expect(error).ToContainTextAsync("Le emergenze non sono soggette al limite.");
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Rivedi e invia" })).ToHaveAttributeAsync("aria-describedby", "send-error");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Nuova campagna", Level = 1 })).ToBeVisibleAsync();
            await Screenshots.SaveAsync(page, "compose-weekly-limit");
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}
