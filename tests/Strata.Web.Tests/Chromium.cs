using Microsoft.Playwright;

namespace Strata.Web.Tests;

/// <summary>Headless Chromium from the system (Debian's chromium package), driven by Playwright; no browser download.</summary>
public sealed class Chromium : IAsyncLifetime
{
    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("STRATA_CHROMIUM") ?? new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("Chromium is missing: install Debian's chromium package (.ci/run does), or set STRATA_CHROMIUM.");

    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go: beside the test binaries, under the test output.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
        Directory.CreateDirectory(ScreenshotFolder);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        playwright?.Dispose();
    }
}
