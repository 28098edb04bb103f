using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Vimercate.Console.Tests;

/// <summary>While the service's database does not answer, the console says so, and stops saying it once it answers again.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class StorageNoticeTests(Browser browser, ConsoleHost host)
{
    private const string Notice = "Il database del servizio non risponde: i dati mostrati possono non essere aggiornati";

    // What the overview stream sends while its reads fail: the storage-unavailable problem, then it stays open.
    private const string UnavailableStream =
        "event: unavailable\ndata: {\"type\":\"urn:vimercate:problem:storage-unavailable\",\"status\":503,\"retryAfter\":5}\n\n";

    [Fact]
    public async Task TheOverviewSaysTheDatabaseDoesNotAnswerUntilItAnswersAgain()
    {
        var page = await browser.OpenAsync(host);
        await ConsolePages.SignInAsync(page, ConsoleHost.EditorKey);
        await Expect(page.Locator("#quota-summary")).ToBeVisibleAsync();
        await page.RouteAsync("**/api/events", route => route.FulfillAsync(new()
        {
            Status = 200,
            ContentType = "text/event-stream",
            Body = UnavailableStream,
        }));

        await page.ReloadAsync();

        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = Notice })).ToBeVisibleAsync();

        await page.UnrouteAsync("**/api/events");

        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = Notice })).ToBeHiddenAsync();
        await Expect(page.Locator("#quota-summary")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AnActionRefusedForTheDatabaseSaysNothingWasSaved()
    {
        var page = await browser.OpenAsync(host);
        await ConsolePages.SignInAsync(page, ConsoleHost.EditorKey);
        await page.RouteAsync("**/api/campaigns", route => route.Request.Method == "POST"
            ? route.FulfillAsync(new()
            {
                Status = 503,
                ContentType = "application/problem+json",
                Headers = new Dictionary<string, string> { ["Retry-After"] = "5" },
                Body = "{\"type\":\"urn:vimercate:problem:storage-unavailable\",\"title\":\"The data cannot be reached now.\",\"status\":503}",
            })
            : route.ContinueAsync());

        await ConsolePages.OpenComposeAsync(page);
        await ConsolePages.FillCampaignAsync(page, "Notizia", "Mercato", "Il mercato del venerdì si sposta in piazza.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rivedi e invia" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog, new() { Name = "Confermi l’invio?" }).GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Invia a") }).ClickAsync();

        await Expect(page.Locator("#send-error")).ToContainTextAsync("Il database del servizio non risponde: non è stato salvato nulla.");
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = Notice })).ToBeVisibleAsync();
    }
}
