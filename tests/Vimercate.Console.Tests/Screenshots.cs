using Microsoft.Playwright;

namespace Vimercate.Console.Tests;

/// <summary>Saves pictures of the main screens, for the documentation and for whoever reads a failed run.</summary>
public static class Screenshots
{
    /// <summary>Where the pictures go; the test output's screenshots folder when unset.</summary>
    public const string DirectoryVariable = "CONSOLE_SCREENSHOTS";

    /// <summary>The whole page, or only what the window shows (a modal dialog's backdrop covers the window only).</summary>
    public static async Task SaveAsync(IPage page, string name, bool fullPage = true)
    {
        var directory = Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(directory);

        // Animations finish first, so the picture shows the final state.
        await page.EvaluateAsync("() => document.getAnimations().forEach(a => a.finish())");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png"), FullPage = fullPage });
    }
}
