using Microsoft.Playwright;

namespace Obs.EndToEnd.Tests.Dashboard;

/// <summary>
/// Debian's Chromium driven by Playwright: the machines here cannot download Playwright's own
/// browser builds, so the system one is launched by path (`./obs test` installs the package).
/// </summary>
public static class DebianChromium
{
    public const string Path = "/usr/bin/chromium";

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = Path,
        Headless = true,
        Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });

    /// <summary>Where screenshots go: beside the test assembly, kept as the run's artifacts.</summary>
    public static string ScreenshotPath(string name)
    {
        var dir = System.IO.Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        return System.IO.Path.Combine(dir, name + ".png");
    }
}
