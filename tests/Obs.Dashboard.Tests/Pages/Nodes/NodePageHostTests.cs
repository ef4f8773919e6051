using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Rest;
using Obs.Dashboard.Cluster;
using Obs.Dashboard.Tests.Hosting;

namespace Obs.Dashboard.Tests.Pages.Nodes;

/// <summary>
/// The node page over a real apiserver, to a signed-in user: it lists the node's pods, and cordon,
/// uncordon and drain are forms whose effect the API stores (drain through the real Eviction API,
/// so a PodDisruptionBudget that allows nothing keeps its pod and the page says why).
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class NodePageHostTests(DashboardFixture fixture) : IAsyncLifetime
{
    private readonly string _node = "node-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _ns = "drain-" + Guid.NewGuid().ToString("N")[..8];
    private ApiClient _api = null!;
    private DashboardBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _api = ApiClient.FromKubeconfig(fixture.Cluster.Kubeconfig);
        await _api.CreateAsync(ResourceTypes.Namespace, new JsonObject { ["metadata"] = new JsonObject { ["name"] = _ns } });
        await _api.CreateAsync(ResourceTypes.Node, new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Node",
            ["metadata"] = new JsonObject { ["name"] = _node },
        });
        _browser = fixture.NewBrowser();
        await _browser.SignInAsync(fixture.AdminToken);
    }

    [Fact]
    public async Task ThePageListsTheNodesPodsAndSaysWhenTheNodeIsGone()
    {
        await RunningPodAsync("web-1", owner: "ReplicaSet");
        await WaitInCacheAsync(ResourceTypes.Pod, _ns, "web-1");

        var html = await _browser.Http.GetStringAsync($"/nodes/{_node}");
        Assert.Contains($"<h1>Node {_node} ", html);
        Assert.Contains($"href=\"/pods/{_ns}/web-1\">web-1</a>", html);
        Assert.Matches(System.Text.RegularExpressions.Regex.Escape($"sse-connect=\"/live?topic=events&amp;about=Node%2F%2F{_node}&amp;since=") + "[0-9]+\"", html);

        // The list has the USE columns; without Prometheus (this host has none) it says so, in the page and in its live fragment.
        foreach (var list in new[] { await _browser.Http.GetStringAsync("/nodes"), await _browser.Http.GetStringAsync(Obs.Dashboard.Live.Fragments.NodeList) })
        {
            Assert.Contains($"<tr data-node=\"{_node}\">", list);
            Assert.Contains("<th scope=\"col\">Disk</th>", list);
            Assert.Contains("No CPU, memory, disk or network figures: Prometheus is not configured.", list);
        }

        var missing = await _browser.Http.GetStringAsync("/nodes/no-such-node");
        Assert.Contains("Node no-such-node is not in the cluster", missing);
    }

    [Fact]
    public async Task CordonAndUncordonSetTheNodesUnschedulableFlag()
    {
        await WaitInCacheAsync(ResourceTypes.Node, null, _node);

        using var cordon = await _browser.SubmitAsync($"/nodes/{_node}", "cordon", new Dictionary<string, string>());
        Assert.Contains($"Node {_node} cordoned", await cordon.Content.ReadAsStringAsync());
        Assert.True((await _api.GetAsync(ResourceTypes.Node, null, _node)).BoolAt("spec", "unschedulable"));

        await WaitUntilAsync(() => Cache.Lister(ResourceTypes.Node).Get(null, _node)?.BoolAt("spec", "unschedulable") == true);
        using var uncordon = await _browser.SubmitAsync($"/nodes/{_node}", "uncordon", new Dictionary<string, string>());
        Assert.Contains($"Node {_node} uncordoned", await uncordon.Content.ReadAsStringAsync());
        Assert.NotEqual(true, (await _api.GetAsync(ResourceTypes.Node, null, _node)).BoolAt("spec", "unschedulable"));
    }

    [Fact]
    public async Task DrainEvictsManagedPodsLeavesTheRestAndReportsABudgetThatAllowsNone()
    {
        await RunningPodAsync("web-1", owner: "ReplicaSet");
        await RunningPodAsync("db-0", owner: "StatefulSet", labels: new JsonObject { ["app"] = "db" });
        await RunningPodAsync("agent-x", owner: "DaemonSet");
        await RunningPodAsync("lonely");
        await BlockingBudgetAsync("db");
        await WaitInCacheAsync(ResourceTypes.Pod, _ns, "lonely");

        var confirm = await _browser.Http.GetStringAsync($"/nodes/{_node}?confirm=drain");
        Assert.Contains("1 pod(s) have no controller and stay: lonely.", confirm);

        using var response = await _browser.SubmitAsync($"/nodes/{_node}?confirm=drain", "drain", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Contains($"Node {_node} cordoned; 1 pod evicted: {_ns}/web-1.", html);
        Assert.Contains($"Not evicted now, their disruption budgets allow no more: {_ns}/db-0 (Cannot evict pod as it would violate the pod's disruption budget.", html);
        Assert.Contains($"no controller would replace them (delete them yourself if they may go): {_ns}/lonely.", html);
        Assert.True((await _api.GetAsync(ResourceTypes.Node, null, _node)).BoolAt("spec", "unschedulable"));
        // Evicted is a graceful delete: the pod is terminating until its node's agent has stopped it.
        Assert.NotNull((await _api.TryGetAsync(ResourceTypes.Pod, _ns, "web-1"))?.StringAt("metadata", "deletionTimestamp") ?? "gone");
        foreach (var kept in new[] { "db-0", "agent-x", "lonely" })
            Assert.Null((await _api.GetAsync(ResourceTypes.Pod, _ns, kept)).StringAt("metadata", "deletionTimestamp"));
    }

    private ClusterCache Cache => fixture.Host.Services.GetRequiredService<ClusterCache>();

    private async Task RunningPodAsync(string name, string? owner = null, JsonObject? labels = null)
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = _ns, ["labels"] = labels ?? new JsonObject() };
        if (owner is not null)
        {
            metadata["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "apps/v1", ["kind"] = owner, ["name"] = "owner", ["uid"] = Guid.NewGuid().ToString(), ["controller"] = true,
            });
        }
        var pod = await _api.CreateAsync(ResourceTypes.Pod, new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = metadata,
            ["spec"] = new JsonObject
            {
                ["nodeName"] = _node,
                ["containers"] = new JsonArray(new JsonObject { ["name"] = "main", ["image"] = "busybox" }),
            },
        });
        pod["status"] = new JsonObject
        {
            ["phase"] = "Running",
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True" }),
        };
        await _api.UpdateStatusAsync(ResourceTypes.Pod, pod);
    }

    /// <summary>A budget whose status (as the disruption controller would write it) allows no disruption.</summary>
    private async Task BlockingBudgetAsync(string app)
    {
        var pdb = await _api.CreateAsync(ResourceTypes.PodDisruptionBudget, new JsonObject
        {
            ["apiVersion"] = "policy/v1", ["kind"] = "PodDisruptionBudget",
            ["metadata"] = new JsonObject { ["name"] = app, ["namespace"] = _ns },
            ["spec"] = new JsonObject { ["minAvailable"] = 1, ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = app } } },
        });
        pdb["status"] = new JsonObject
        {
            ["observedGeneration"] = pdb.LongAt("metadata", "generation"),
            ["currentHealthy"] = 1, ["desiredHealthy"] = 1, ["expectedPods"] = 1, ["disruptionsAllowed"] = 0,
        };
        await _api.UpdateStatusAsync(ResourceTypes.PodDisruptionBudget, pdb);
    }

    private Task WaitInCacheAsync(ResourceType type, string? ns, string name) => WaitUntilAsync(() => Cache.Lister(type).Get(ns, name) is not null);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition()) await Task.Delay(50, deadline.Token);
    }

    public Task DisposeAsync()
    {
        _browser?.Dispose();
        _api?.Dispose();
        return Task.CompletedTask;
    }
}
