using Microsoft.Playwright;
using Obs.Dashboard;
using Obs.Testing;
using static Microsoft.Playwright.Assertions;

namespace Obs.EndToEnd.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser, against a real apiserver: signing in, the overview, and the
/// node list and the pod list updating themselves over SSE as the cluster changes. A screenshot of every page visited
/// is saved under the test output's screenshots/ folder.
/// </summary>
[Collection(DashboardBrowserCollection.Name)]
public sealed class DashboardBrowserTests : IAsyncLifetime
{
    private readonly TestCluster _cluster = new();
    private DashboardHost _host = null!;

    public async Task InitializeAsync()
    {
        await _cluster.InitializeAsync();
        _host = DashboardHost.Create(new DashboardOptions { Port = 0, Kubeconfig = _cluster.Kubeconfig }, logging => { });
        await _host.StartAsync();
    }

    [Fact]
    public async Task SignInThenOverviewThenNodeListFollowsANewNodeWithoutReload()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DebianChromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });

        await page.GotoAsync(_host.Url + "/");
        await Expect(page).ToHaveURLAsync(_host.Url + "/signin?returnUrl=%2F");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = DebianChromium.ScreenshotPath("01-signin"), FullPage = true });

        await page.GetByLabel("Token").FillAsync("wrong-token-for-this-cluster");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The API did not accept this token.");

        await page.GetByLabel("Token").FillAsync(TestPki.Token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(_host.Url + "/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
        await Expect(page.Locator("#tile-alerts")).ToContainTextAsync("No alerts firing.");
        await Expect(page.Locator(".chart-unavailable").First).ToHaveTextAsync("Prometheus is not configured.");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = DebianChromium.ScreenshotPath("02-overview"), FullPage = true });

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Nodes" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Nodes" })).ToBeVisibleAsync();
        await Expect(page.Locator("#nodes-list")).ToContainTextAsync("No nodes have registered.");

        // A node registers while the page is open: the list re-fetches itself on the SSE event.
        var (code, _) = await _cluster.SendAsync(HttpMethod.Post, "/api/v1/nodes",
            """{"apiVersion":"v1","kind":"Node","metadata":{"name":"browser-node","labels":{"node-role.kubernetes.io/worker":""}}}""");
        Assert.Equal(201, code);
        await Expect(page.Locator("tr[data-node=\"browser-node\"]")).ToContainTextAsync("worker", new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = DebianChromium.ScreenshotPath("03-nodes"), FullPage = true });

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Pods" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Pods" })).ToBeVisibleAsync();
        await Expect(page.Locator("#pods-list")).ToContainTextAsync("There are no pods in the cluster.");

        // A pod is created while the list is open: the list re-renders itself on the SSE event, twice (the stream outlives a refresh).
        (code, _) = await _cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods",
            """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"browser-pod-1"},"spec":{"nodeName":"browser-node","containers":[{"name":"main","image":"busybox"}]}}""");
        Assert.Equal(201, code);
        await Expect(page.Locator("#pods-list")).ToContainTextAsync("browser-pod-1", new() { Timeout = 30_000 });
        (code, _) = await _cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods",
            """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"browser-pod-2"},"spec":{"nodeName":"browser-node","containers":[{"name":"main","image":"busybox"}]}}""");
        Assert.Equal(201, code);
        await Expect(page.Locator("#pods-list")).ToContainTextAsync("browser-pod-2", new() { Timeout = 30_000 });
        // No kubelet runs them: Pending, which reads as progressing (amber), not as a failure (red).
        var badge = page.Locator("#pods-list tr", new() { HasText = "browser-pod-1" }).Locator(".status-badge");
        await Expect(badge).ToHaveTextAsync("Pending");
        await Expect(badge).ToHaveCSSAsync("background-color", "rgb(255, 224, 178)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = DebianChromium.ScreenshotPath("04-pods"), FullPage = true });
    }

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        await _cluster.DisposeAsync();
    }
}
