using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Obs.Dashboard.Live;
using Obs.Dashboard.Tests.Hosting;
using static Obs.Dashboard.Tests.Access.ViewerCluster;

namespace Obs.Dashboard.Tests.Access;

/// <summary>
/// The dashboard shows a user what their token may list and get, though it watches the cluster as the admin: a token
/// bound to <c>view</c> in one namespace sees that namespace's objects, not another's, and no nodes; the admin sees all.
/// </summary>
public sealed class NamespaceViewerTests(ViewerCluster cluster) : IClassFixture<ViewerCluster>
{
    private static readonly string VisiblePod = $"pod-{Visible}";
    private static readonly string HiddenPod = $"pod-{Hidden}";

    [Fact]
    public async Task TheViewerListsTheirNamespacesPodsAndNoOthersWhileTheAdminListsAll()
    {
        using var viewer = await cluster.SignedInAsync(ViewerToken);
        using var admin = await cluster.SignedInAsync(Obs.Testing.TestPki.Token);

        var (code, pods) = await viewer.GetPageAsync("/pods");
        var (_, everyPod) = await admin.GetPageAsync("/pods");

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Contains(VisiblePod, pods);
        Assert.DoesNotContain(HiddenPod, pods);
        // The namespace picker offers the namespace the viewer may list pods in, not the other.
        Assert.Contains($"<option value=\"{Visible}\"", pods);
        Assert.DoesNotContain($"<option value=\"{Hidden}\"", pods);
        Assert.Contains(VisiblePod, everyPod);
        Assert.Contains(HiddenPod, everyPod);
        Assert.Contains($"<option value=\"{Hidden}\"", everyPod);
        // Asking for the other namespace by its filter shows nothing of it either.
        Assert.DoesNotContain(HiddenPod, (await viewer.GetPageAsync($"/pods?namespace={Hidden}")).Html);
    }

    [Fact]
    public async Task ADeniedDetailPageIsForbiddenInTheApisWords()
    {
        using var viewer = await cluster.SignedInAsync(ViewerToken);

        var (code, page) = await viewer.GetPageAsync($"/pods/{Hidden}/{HiddenPod}");
        var (allowed, own) = await viewer.GetPageAsync($"/pods/{Visible}/{VisiblePod}");
        var (workload, _) = await viewer.GetPageAsync($"/workloads/deployments/{Hidden}/web");
        var (service, _) = await viewer.GetPageAsync($"/services/{Hidden}/web");
        using var events = await viewer.GetAsync($"/fragments/events?about={Uri.EscapeDataString($"Pod/{Hidden}/{HiddenPod}")}");

        Assert.Equal(HttpStatusCode.Forbidden, code);
        Assert.Contains($"pods \"{HiddenPod}\" is forbidden: User \"token …", page);
        Assert.Contains($"cannot get resource \"pods\" in API group \"\" in the namespace \"{Hidden}\"", page);
        Assert.DoesNotContain("busybox", page);
        Assert.DoesNotContain("Reasonteamb", page);
        Assert.Equal(HttpStatusCode.OK, allowed);
        Assert.Contains("busybox", own);
        // view may not delete: the button says so instead of leading to a refusal.
        Assert.Contains($"disabled title=\"Your token may not delete pods in {Visible}.\"", own);
        Assert.Equal(HttpStatusCode.Forbidden, workload);
        Assert.Equal(HttpStatusCode.Forbidden, service);
        Assert.Equal(HttpStatusCode.Forbidden, events.StatusCode);
    }

    [Fact]
    public async Task NodesAreHiddenFromATokenThatMayNotListThem()
    {
        using var viewer = await cluster.SignedInAsync(ViewerToken);
        using var admin = await cluster.SignedInAsync(Obs.Testing.TestPki.Token);

        var (code, nodes) = await viewer.GetPageAsync("/nodes");
        var (nodeCode, node) = await viewer.GetPageAsync($"/nodes/{Node}");
        var (_, fragment) = await viewer.GetPageAsync("/fragments/nodes");

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Contains("Your token may not list nodes", nodes);
        Assert.DoesNotContain(Node, nodes);
        Assert.DoesNotContain(Node, fragment);
        Assert.Equal(HttpStatusCode.Forbidden, nodeCode);
        Assert.Contains($"nodes \"{Node}\" is forbidden", node);
        Assert.Contains("at the cluster scope", node);
        Assert.Contains(Node, (await admin.GetPageAsync("/nodes")).Html);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetPageAsync($"/nodes/{Node}")).Code);
    }

    [Fact]
    public async Task ATokenThatMayPatchNodesButNotEvictEveryPodMayCordonButNotDrain()
    {
        using var cordoner = await cluster.SignedInAsync(CordonerToken);
        using var admin = await cluster.SignedInAsync(Obs.Testing.TestPki.Token);

        var (code, page) = await cordoner.GetPageAsync($"/nodes/{Node}");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Matches("<button type=\"submit\"\\s*>Cordon</button>", page);
        Assert.Contains("disabled title=\"Your token may not list pods in every namespace.\">Drain…</button>", page);
        Assert.DoesNotContain("?confirm=drain", page);
        Assert.Contains("?confirm=drain", (await admin.GetPageAsync($"/nodes/{Node}")).Html);
    }

    [Fact]
    public async Task EventsAndTheOverviewCountOnlyWhatTheViewerMayList()
    {
        using var viewer = await cluster.SignedInAsync(ViewerToken);
        using var admin = await cluster.SignedInAsync(Obs.Testing.TestPki.Token);
        var visiblePods = await PodCountAsync(Visible);
        var allPods = visiblePods + await PodCountAsync(Hidden);

        var (_, events) = await viewer.GetPageAsync("/events");
        var (_, health) = await viewer.GetPageAsync("/fragments/overview/health");
        var (_, overview) = await viewer.GetPageAsync("/");
        var (_, adminHealth) = await admin.GetPageAsync("/fragments/overview/health");

        Assert.Contains("Reasonteama", events);
        Assert.DoesNotContain("Reasonteamb", events);
        Assert.Contains("These counts cover the namespaces your token may list", health);
        Assert.Contains($"<p class=\"value\">{visiblePods}</p>", health);
        Assert.Contains("Your token may not list nodes", health);
        Assert.Contains("Your token may not list nodes, whose figures these are", overview);
        Assert.Contains($"<p class=\"value\">{allPods}</p>", adminHealth);
        Assert.DoesNotContain("These counts cover", adminHealth);
    }

    [Fact]
    public async Task TheLiveStreamTellsTheViewerOfChangesInTheirNamespaceOnly()
    {
        using var viewer = await cluster.SignedInAsync(ViewerToken);
        using var admin = await cluster.SignedInAsync(Obs.Testing.TestPki.Token);
        // A page of the viewer's has its rules learned before its stream opens, as a browser's does.
        await viewer.GetPageAsync("/pods");
        using var viewerStream = await LiveStream.OpenAsync(viewer, "topic=pods");
        using var adminStream = await LiveStream.OpenAsync(admin, "topic=pods");
        var heard = new List<(string Topic, long Order)>();
        long order = 0;
        var reading = Task.Run(async () =>
        {
            await viewerStream.NextEventAsync("pods");
            lock (heard) heard.Add(("pods", Interlocked.Read(ref order)));
        });

        await cluster.CreatePodAsync(Hidden, $"live-{Guid.NewGuid():N}"[..16]);
        Assert.Equal("data: changed", await adminStream.NextEventAsync("pods"));
        // The admin was told of the hidden namespace's pod; only now is the viewer's namespace changed.
        Interlocked.Exchange(ref order, 1);
        await cluster.CreatePodAsync(Visible, $"live-{Guid.NewGuid():N}"[..16]);
        await reading.WaitAsync(TimeSpan.FromSeconds(60));

        lock (heard) Assert.Equal([("pods", 1L)], heard);
    }

    [Fact]
    public async Task AStreamCatchingUpFromItsPageIsToldOnlyOfChangesTheViewerMaySee()
    {
        using var viewer = await cluster.SignedInAsync(ViewerToken);
        using var admin = await cluster.SignedInAsync(Obs.Testing.TestPki.Token);
        await viewer.GetPageAsync("/pods");
        var hub = cluster.Host.Services.GetRequiredService<LiveHub>();
        var rendered = hub.Sequence;
        using var adminNow = await LiveStream.OpenAsync(admin, "topic=pods");
        await cluster.CreatePodAsync(Hidden, $"late-{Guid.NewGuid():N}"[..16]);
        Assert.Equal("data: changed", await adminNow.NextEventAsync("pods"));

        // Both pages were rendered before the hidden namespace's pod; their streams open after it.
        using var adminLate = await LiveStream.OpenAsync(admin, $"topic=pods&since={rendered}");
        using var viewerLate = await LiveStream.OpenAsync(viewer, $"topic=pods&since={rendered}");
        Assert.Equal("data: changed", await adminLate.NextEventAsync("pods"));
        long order = 0;
        var reading = Task.Run(async () =>
        {
            await viewerLate.NextEventAsync("pods");
            return Interlocked.Read(ref order);
        });
        await Task.Delay(TimeSpan.FromSeconds(1));
        Interlocked.Exchange(ref order, 1);
        await cluster.CreatePodAsync(Visible, $"late-{Guid.NewGuid():N}"[..16]);

        Assert.Equal(1L, await reading.WaitAsync(TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task AlertNoticesReachOnlyStreamsWhoseUserMayReadTheAlerts()
    {
        using var viewer = await cluster.SignedInAsync(ViewerToken);
        using var admin = await cluster.SignedInAsync(Obs.Testing.TestPki.Token);
        var (_, alertsPage) = await viewer.GetPageAsync("/alerts");
        using var viewerStream = await LiveStream.OpenAsync(viewer, "topic=alerts&topic=pods");
        using var adminStream = await LiveStream.OpenAsync(admin, "topic=alerts");
        var first = Task.Run(() => viewerStream.NextEventNameAsync());

        cluster.Host.Services.GetRequiredService<LiveHub>().Changed("alerts");
        Assert.Equal("data: changed", await adminStream.NextEventAsync("alerts"));
        // Told the admin; the viewer's first notice is the pod that comes after, not the alerts.
        await cluster.CreatePodAsync(Visible, $"live-{Guid.NewGuid():N}"[..16]);

        Assert.Equal("pods", await first.WaitAsync(TimeSpan.FromSeconds(60)));
        // The receiver refuses the viewer (no obs:alerting-view binding), and the page says so.
        Assert.Contains("cannot get path \"/alerting/v1/alerts\"", alertsPage);
    }

    [Fact]
    public async Task AWatcherOfTheAlertsSeesThemWithoutTheAcknowledgeButtonWhileTheAdminHasIt()
    {
        await Obs.Dashboard.Tests.Alerting.Webhooks.PostAsync(cluster.Cluster, "firing",
            Obs.Dashboard.Tests.Alerting.Webhooks.Alert("WatcherSeesMe", $"fp-{Guid.NewGuid():N}"[..19], Visible));
        using var admin = await cluster.SignedInAsync(Obs.Testing.TestPki.Token);
        using var watcher = await cluster.SignedInAsync(AlertWatcherToken);

        var (_, adminPage) = await admin.GetPageAsync("/alerts");
        var (code, page) = await watcher.GetPageAsync("/alerts");

        Assert.Contains("WatcherSeesMe", adminPage);
        Assert.Contains(">Acknowledge</button>", adminPage);
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Contains("WatcherSeesMe", page);
        Assert.DoesNotContain(">Acknowledge</button>", page);
    }

    private async Task<int> PodCountAsync(string ns)
    {
        var (_, list) = await cluster.Cluster.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/pods");
        return ((JsonArray)list!["items"]!).Count;
    }
}
