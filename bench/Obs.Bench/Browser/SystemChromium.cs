using Microsoft.Playwright;

namespace Obs.Bench.Browser;

/// <summary>
/// The machine's own Chromium (Debian's package, which `./obs bench` installs when missing), driven
/// by Playwright: nothing downloads a browser build here.
/// </summary>
internal static class SystemChromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    // Background networking, updates and sync would add work the dashboard did not cause.
    private static readonly string[] Quiet = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ExecutablePath, Headless = true, Args = Quiet });
}
