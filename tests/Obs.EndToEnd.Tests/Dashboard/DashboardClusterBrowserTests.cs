using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using Obs.EndToEnd.Tests.ObsCommand;

namespace Obs.EndToEnd.Tests.Dashboard;

/// <summary>
/// The dashboard `./obs up` serves, in a real browser, while the whole cluster works underneath:
/// controllers make the pods a scale asks for, the agent runs them and their logs, Prometheus and
/// Alertmanager turn a crash loop into an alert. Each test uses a namespace of its own.
/// </summary>
[Collection(DashboardBrowserCollection.Name)]
public sealed class DashboardClusterBrowserTests(ObsUpCluster cluster) : IClassFixture<ObsUpCluster>
{
    [Fact]
    public async Task ScalingADeploymentFromItsPageShowsTheNewPodsWithoutReload()
    {
        await cluster.KubectlOkAsync("create", "namespace", "browser-scale");
        await cluster.KubectlOkAsync("-n", "browser-scale", "create", "deployment", "web", "--image=busybox:1.36", "--replicas=1", "--", "sh", "-c", "sleep 3600");
        await cluster.KubectlOkAsync("-n", "browser-scale", "rollout", "status", "deployment/web", "--timeout=90s");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DebianChromium.LaunchAsync(playwright);
        var page = await DashboardSignIn.NewSignedInPageAsync(browser, cluster.DashboardUrl, cluster.Token);
        // The first live re-fetch after the scale is rendered at once but reaches the page only when the rollout is over, so the
        // notices that follow arrive while it is in flight, as on a busy cluster: the page must still end at what they tell of
        // (3 of 3 available), not at the late answer's older state.
        var holding = false;
        var held = 0;
        var release = new TaskCompletionSource();
        await page.RouteAsync("**/workloads/deployments/browser-scale/web", async route =>
        {
            if (!holding || route.Request.Method != "GET" || !route.Request.Headers.ContainsKey("hx-request") || Interlocked.Exchange(ref held, 1) == 1)
            {
                await route.ContinueAsync();
                return;
            }
            var answer = await route.FetchAsync();
            await release.Task;
            await route.FulfillAsync(new() { Response = answer });
        });
        await page.GotoAsync(cluster.DashboardUrl + "/workloads/deployments/browser-scale/web");
        var podsHeading = page.Locator("#pods-heading");
        await Expect(podsHeading).ToContainTextAsync("Pods (1)");

        await page.GetByRole(AriaRole.Spinbutton, new() { Name = "Replicas" }).FillAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Scale", Exact = true }).ClickAsync();
        // Held from the click on (the action itself is a POST, never held): with pods starting in tens of milliseconds
        // the whole rollout can be over before the "scaled" message is seen, and with it the first notice's re-fetch.
        holding = true;
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "scaled to 3 replicas" })).ToBeVisibleAsync();
        // A mark on this document: a reload would drop it, so finding it after the pods came shows they came in place.
        await page.EvaluateAsync("() => { window.obsNotReloaded = true; }");
        await cluster.KubectlOkAsync("-n", "browser-scale", "rollout", "status", "deployment/web", "--timeout=90s");
        // The first re-fetch may also come just after the rollout: notices are sent at most once a second per topic.
        for (var i = 0; i < 100 && Volatile.Read(ref held) == 0; i++) await Task.Delay(100);
        Assert.Equal(1, held);
        // The stream tells of a topic at most once a second: by now the last notices have reached the page.
        await Task.Delay(2_500);
        release.SetResult();

        await Expect(podsHeading).ToContainTextAsync("Pods (3)", new() { Timeout = 90_000 });
        await Expect(page.Locator("#workload-pods tbody tr")).ToHaveCountAsync(3);
        // The status under the title follows too, once the new pods are available.
        await Expect(page.Locator("#workload-status")).ToContainTextAsync("3 of 3 replicas available", new() { Timeout = 90_000 });
        await Expect(page.Locator("#workload-status .status-badge")).ToHaveTextAsync("Healthy");
        Assert.True(await page.EvaluateAsync<bool>("() => window.obsNotReloaded === true"), "the page was reloaded");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = DebianChromium.ScreenshotPath("10-deployment-scaled"), FullPage = true });
    }

    [Fact]
    public async Task AManifestWithAnInvalidFieldShowsTheApisMessageAtThatFieldInTheEditor()
    {
        await cluster.KubectlOkAsync("create", "namespace", "browser-apply");
        const string manifest = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: fine
              namespace: browser-apply
            data:
              greeting: hello
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: broken
              namespace: browser-apply
            spec:
              replicas: -1
              selector:
                matchLabels: {app: broken}
              template:
                metadata:
                  labels: {app: broken}
                spec:
                  containers:
                  - name: main
                    image: busybox:1.36
            """;
        var replicasLine = manifest.Split('\n').ToList().FindIndex(l => l.Contains("replicas: -1", StringComparison.Ordinal)) + 1;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DebianChromium.LaunchAsync(playwright);
        var page = await DashboardSignIn.NewSignedInPageAsync(browser, cluster.DashboardUrl, cluster.Token);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Apply" }).ClickAsync();
        // The CodeMirror editor stands in for the textarea; typing goes into its content.
        var editor = page.Locator(".cm-content");
        await editor.FillAsync(manifest);
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply", Exact = true }).ClickAsync();

        await Expect(page.Locator(".problems li")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex($"^Line {replicasLine}: spec\\.replicas: Invalid value: -1"));
        await Expect(page.Locator(".results")).ToContainTextAsync("ConfigMap browser-apply/fine");
        // In the editor the message sits on the replicas line itself, as a diagnostic over its text.
        await Expect(page.Locator(".cm-lintRange-error")).ToHaveCountAsync(1);
        await Expect(page.Locator(".cm-lintRange-error")).ToContainTextAsync("replicas: -1");
        await page.Locator(".cm-lintRange-error").HoverAsync();
        await Expect(page.Locator(".cm-tooltip-lint")).ToContainTextAsync("spec.replicas: Invalid value: -1");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = DebianChromium.ScreenshotPath("11-apply-error"), FullPage = true });
    }

    [Fact]
    public async Task FollowingAPodsLogShowsLinesAsTheContainerWritesThem()
    {
        await cluster.KubectlOkAsync("create", "namespace", "browser-logs");
        await cluster.KubectlOkAsync("-n", "browser-logs", "run", "ticker", "--image=busybox:1.36", "--restart=Never", "--command", "--",
            "sh", "-c", "i=0; while true; do i=$((i+1)); echo tick $i; sleep 1; done");
        await cluster.KubectlOkAsync("-n", "browser-logs", "wait", "--for=condition=Ready", "pod/ticker", "--timeout=90s");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DebianChromium.LaunchAsync(playwright);
        var page = await DashboardSignIn.NewSignedInPageAsync(browser, cluster.DashboardUrl, cluster.Token);
        await page.GotoAsync(cluster.DashboardUrl + "/pods/browser-logs/ticker");
        await page.GetByRole(AriaRole.Link, new() { Name = "Follow live" }).ClickAsync();

        var log = page.Locator("#logs pre.log");
        await Expect(log).ToContainTextAsync("tick ", new() { Timeout = 30_000 });
        var first = await LastTickAsync(log);
        // Lines the container writes after the page opened arrive over the stream, with no reload.
        await Expect(log).ToContainTextAsync($"tick {first + 3}", new() { Timeout = 30_000 });
        // Appended to what was shown, not a new page in its place.
        Assert.Contains($"tick {first}\n", await log.InnerTextAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = DebianChromium.ScreenshotPath("12-pod-log-follow"), FullPage = true });
    }

    [Fact]
    public async Task ACrashLoopingPodsAlertAppearsOnTheAlertsPage()
    {
        await cluster.KubectlOkAsync("create", "namespace", "browser-alerts");
        await cluster.KubectlOkAsync("-n", "browser-alerts", "run", "crasher", "--image=busybox:1.36", "--restart=Always", "--command", "--", "sh", "-c", "exit 3");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DebianChromium.LaunchAsync(playwright);
        var page = await DashboardSignIn.NewSignedInPageAsync(browser, cluster.DashboardUrl, cluster.Token);
        // Prometheus sees the restarts, the rule fires, Alertmanager delivers to the receiver; the page lists what the receiver holds.
        var alert = page.Locator("article.alert").Filter(new() { HasText = "KubePodCrashLooping" }).Filter(new() { HasText = "pod=crasher" });
        await page.GotoAsync(cluster.DashboardUrl + "/alerts?namespace=browser-alerts");
        await ReloadUntilShownAsync(page, alert, TimeSpan.FromMinutes(3));
        await Expect(alert).ToHaveCountAsync(1);
        await Expect(alert.Locator(".status")).ToHaveTextAsync("firing");
        await Expect(alert.GetByRole(AriaRole.Link, new() { Name = "Pod browser-alerts/crasher" })).ToHaveAttributeAsync("href", "/pods/browser-alerts/crasher");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = DebianChromium.ScreenshotPath("13-alert-crash-loop"), FullPage = true });
    }

    [Fact]
    public async Task TheNodeAndPodPagesChartTheirCpuAndMemoryFromPrometheus()
    {
        await cluster.KubectlOkAsync("create", "namespace", "browser-usage");
        await cluster.KubectlOkAsync("-n", "browser-usage", "run", "idle", "--image=busybox:1.36", "--restart=Never", "--command", "--", "sh", "-c", "sleep 3600");
        await cluster.KubectlOkAsync("-n", "browser-usage", "wait", "--for=condition=Ready", "pod/idle", "--timeout=90s");
        var node = (await cluster.KubectlOkAsync("get", "nodes", "-o", "jsonpath={.items[0].metadata.name}")).Trim();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DebianChromium.LaunchAsync(playwright);
        var page = await DashboardSignIn.NewSignedInPageAsync(browser, cluster.DashboardUrl, cluster.Token);

        // Drawn by uPlot from the node's own series (the agent's node_exporter metrics carry its name).
        await page.GotoAsync(cluster.DashboardUrl + "/nodes/" + node);
        var cpu = page.Locator("figure.chart", new() { HasText = "CPU utilisation" });
        await ReloadUntilShownAsync(page, cpu.Locator(".plot canvas"), TimeSpan.FromMinutes(2));
        await Expect(cpu.Locator(".latest")).ToContainTextAsync("now ");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = DebianChromium.ScreenshotPath("14-node-charts"), FullPage = true });

        // The pod's working set from the container metrics, with its series named in the legend.
        await page.GotoAsync(cluster.DashboardUrl + "/pods/browser-usage/idle");
        var memory = page.Locator("figure.chart", new() { HasText = "Memory (working set)" });
        await ReloadUntilShownAsync(page, memory.Locator(".plot canvas"), TimeSpan.FromMinutes(2));
        await Expect(memory.Locator(".latest")).ToContainTextAsync("now ");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = DebianChromium.ScreenshotPath("15-pod-charts"), FullPage = true });
    }

    [Fact]
    public async Task EveryPageOfTheNavigationOpensOnTheRunningClusterAndIsKeptAsAScreenshot()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DebianChromium.LaunchAsync(playwright);
        var page = await DashboardSignIn.NewSignedInPageAsync(browser, cluster.DashboardUrl, cluster.Token);
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        string[] areas = ["Overview", "Nodes", "Workloads", "Pods", "Services", "Alerts", "Events", "Apply"];
        for (var i = 0; i < areas.Length; i++)
        {
            await nav.GetByRole(AriaRole.Link, new() { Name = areas[i], Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = areas[i], Exact = true, Level = 1 })).ToBeVisibleAsync();
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = DebianChromium.ScreenshotPath($"2{i}-{areas[i].ToLowerInvariant()}"), FullPage = true });
        }

        // A service's page (the apiserver's own Service) and an object's YAML in the editor.
        await page.GotoAsync(cluster.DashboardUrl + "/services/default/kubernetes");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Service kubernetes");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = DebianChromium.ScreenshotPath("28-service"), FullPage = true });
        await page.GotoAsync(cluster.DashboardUrl + "/yaml/services/default/kubernetes");
        await Expect(page.Locator(".cm-content")).ToContainTextAsync("kind: Service");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = DebianChromium.ScreenshotPath("29-yaml"), FullPage = true });
    }

    /// <summary>Reloads a page that is not live, as a user would, until <paramref name="what"/> is on it or the time is up.</summary>
    private static async Task ReloadUntilShownAsync(IPage page, ILocator what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (await what.CountAsync() == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(3000);
            await page.ReloadAsync();
        }
        await Expect(what.First).ToBeVisibleAsync();
    }

    private static async Task<int> LastTickAsync(ILocator log)
    {
        var text = await log.InnerTextAsync();
        return text.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("tick ", StringComparison.Ordinal))
            .Select(l => int.Parse(l["tick ".Length..], System.Globalization.CultureInfo.InvariantCulture)).Max();
    }
}
