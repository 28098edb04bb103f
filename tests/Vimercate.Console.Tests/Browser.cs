using Microsoft.Playwright;

namespace Vimercate.Console.Tests;

/// <summary>One headless Chromium for every test: the system's own, never a downloaded one.</summary>
public sealed class Browser : IAsyncLifetime
{
    /// <summary>Overrides where Chromium is; Debian's chromium package installs it at <see cref="DefaultChromiumPath"/>.</summary>
    public const string ChromiumPathVariable = "CHROMIUM_PATH";

    public const string DefaultChromiumPath = "/usr/bin/chromium";

    /// <summary>How long a test waits for what a user would see, generous for a busy 2-core machine.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        var path = Environment.GetEnvironmentVariable(ChromiumPathVariable) is { Length: > 0 } configured ? configured : DefaultChromiumPath;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"Chromium was not found at {path}. The browser tests drive the system's Chromium and never download one: " +
                $"install Debian's package (apt-get install -y chromium) or set {ChromiumPathVariable} to a Chromium binary.");
        }

        Assertions.SetDefaultExpectTimeout((float)Patience.TotalMilliseconds);
        _playwright = await Playwright.CreateAsync();

        // Playwright gives each launch a new, empty user data directory of its own.
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            Timeout = (float)Patience.TotalMilliseconds,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <summary>A fresh browser tab (its own session storage) on the host, in Italian and in the service's zone.</summary>
    public async Task<IPage> OpenAsync(ConsoleHost host, int width = 1280, int height = 900)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = host.BaseAddress.ToString(),
            Locale = "it-IT",
            TimezoneId = "Europe/Rome",
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}

/// <summary>The browser and one API host shared by every browser test; tests run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<Browser>, ICollectionFixture<ConsoleHost>
{
    public const string Name = "console";
}
