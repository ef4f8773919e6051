using System.Text.Json.Nodes;
using Obs.Dashboard.Pages.Overview;
using Obs.Dashboard.Tests.Rendering;

namespace Obs.Dashboard.Tests.Pages.Overview;

public sealed class ClusterHealthTilesTests
{
    [Fact]
    public async Task EmptyClusterSaysThereIsNothingRatherThanZeroes()
    {
        var html = await RenderAsync(ClusterHealth.From([], [], [], [], []));

        Assert.Contains("No nodes have registered.", html);
        Assert.Contains("No pods.", html);
        Assert.Contains("No Deployments, StatefulSets or DaemonSets.", html);
    }

    [Fact]
    public async Task ManyObjectsAreCountedByReadinessPhaseAndHealth()
    {
        var nodes = Enumerable.Range(0, 5).Select(i => Node($"n{i}", ready: i != 0)).ToList();
        var pods = Enumerable.Range(0, 300).Select(i => Pod(i % 3 == 0 ? "Pending" : "Running")).ToList();
        var deployments = Enumerable.Range(0, 8).Select(i => Deployment($"web-{i}", desired: 3, ready: i < 6 ? 3 : 1)).ToList();

        var html = await RenderAsync(ClusterHealth.From(nodes, pods, deployments, [], []));

        Assert.Contains("<span class=\"ready\">4</span> / <span class=\"total\">5</span>", html);
        Assert.Contains("<span data-phase=\"Running\">200</span>", html);
        Assert.Contains("<span data-phase=\"Pending\">100</span>", html);
        Assert.Contains("<span class=\"healthy\">6</span> healthy", html);
        Assert.Contains("<span class=\"degraded\">2</span> degraded", html);
        Assert.Contains("Deployment default/web-7</a> 1/3 ready", html);
    }

    [Fact]
    public async Task DegradedListIsCutAfterFiveWithALinkToTheRest()
    {
        var deployments = Enumerable.Range(0, 12).Select(i => Deployment($"d{i:00}", desired: 2, ready: 0)).ToList();

        var html = await RenderAsync(ClusterHealth.From([], [], deployments, [], []));

        Assert.Contains("d04", html);
        Assert.DoesNotContain("d05", html);
        Assert.Contains("and 7 more", html);
    }

    private static Task<string> RenderAsync(ClusterHealth health) =>
        ComponentRenderer.RenderAsync<ClusterHealthTiles>(new Dictionary<string, object?> { ["Health"] = health });

    private static JsonObject Node(string name, bool ready) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name },
        ["status"] = new JsonObject { ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" }) },
    };

    private static JsonObject Pod(string phase) => new() { ["metadata"] = new JsonObject { ["name"] = "p" }, ["status"] = new JsonObject { ["phase"] = phase } };

    private static JsonObject Deployment(string name, int desired, int ready) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
        ["spec"] = new JsonObject { ["replicas"] = desired },
        ["status"] = new JsonObject { ["readyReplicas"] = ready },
    };
}
