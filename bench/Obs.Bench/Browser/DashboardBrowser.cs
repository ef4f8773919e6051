using System.Diagnostics;
using Microsoft.Playwright;

namespace Obs.Bench.Browser;

/// <summary>
/// A signed-in browser on the dashboard: it signs in once through the form (as a user does), then
/// opens pages in contexts of their own that carry the same sign-in cookie, each one a separate
/// "browser" to the dashboard (its own connections and its own SSE stream).
/// </summary>
internal sealed class DashboardBrowser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly IReadOnlyList<Cookie> _cookies;
    private readonly List<IBrowserContext> _contexts = [];

    private DashboardBrowser(IPlaywright playwright, IBrowser browser, IReadOnlyList<Cookie> cookies, string url)
    {
        _playwright = playwright;
        _browser = browser;
        _cookies = cookies;
        Url = url;
    }

    public string Url { get; }

    /// <summary>The sign-in cookie as a Cookie header, for plain HTTP requests as the same user.</summary>
    public string CookieHeader => string.Join("; ", _cookies.Select(c => $"{c.Name}={c.Value}"));

    public static async Task<DashboardBrowser> SignInAsync(string url, string token)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await SystemChromium.LaunchAsync(playwright);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(url + "/signin");
        await page.FillAsync("#token", token);
        await Task.WhenAll(page.WaitForURLAsync(url + "/"), page.ClickAsync("button[type=submit]"));
        var cookies = (await context.CookiesAsync())
            .Select(c => new Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite })
            .ToList();
        return new DashboardBrowser(playwright, browser, cookies, url);
    }

    /// <summary>A new signed-in browser context with one page at <paramref name="path"/>, loaded.</summary>
    public async Task<IPage> OpenAsync(string path)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        _contexts.Add(context);
        await context.AddCookiesAsync(_cookies);
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync(Url + path, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        if (response is not { Ok: true }) throw new InvalidOperationException($"GET {path} in the browser: {response?.Status}");
        if (page.Url.Contains("/signin", StringComparison.Ordinal)) throw new InvalidOperationException($"GET {path} in the browser landed on sign-in");
        return page;
    }

    /// <summary>
    /// Time to first contentful paint of <paramref name="path"/> in a fresh context (cold cache, as a
    /// new visitor), from the browser's Paint Timing entry: navigation start → first text or image drawn.
    /// </summary>
    public async Task<double> FirstContentfulPaintAsync(string path)
    {
        var page = await OpenAsync(path);
        try
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                var startTime = await page.EvaluateAsync<double>(
                    "() => performance.getEntriesByName('first-contentful-paint').map(e => e.startTime)[0] ?? -1");
                if (startTime >= 0) return startTime;
                if (clock.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException($"{path}: the browser reported no first contentful paint");
                await Task.Delay(50);
            }
        }
        finally
        {
            await page.Context.CloseAsync();
            _contexts.Remove(page.Context);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts) await context.CloseAsync();
        await _browser.CloseAsync();
        _playwright.Dispose();
    }
}
