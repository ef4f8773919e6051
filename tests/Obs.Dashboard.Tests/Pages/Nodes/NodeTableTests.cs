using System.Text.Json.Nodes;
using Obs.Dashboard.Pages.Nodes;
using Obs.Dashboard.Tests.Rendering;

namespace Obs.Dashboard.Tests.Pages.Nodes;

public sealed class NodeTableTests
{
    [Fact]
    public async Task NoNodesSaysHowOneAppears()
    {
        var html = await RenderAsync(NodeRow.From([], []));

        Assert.Contains("No nodes have registered.", html);
        Assert.DoesNotContain("<table", html);
    }

    [Fact]
    public async Task ManyNodesShowStatusRolesProblemsTaintsAndPodCounts()
    {
        var nodes = Enumerable.Range(0, 50).Select(i => Node($"node-{i:00}", ready: i % 10 != 0, cordoned: i == 1)).ToList();
        nodes[2]["status"]!["conditions"]!.AsArray().Add(new JsonObject { ["type"] = "MemoryPressure", ["status"] = "True" });
        nodes[3]["spec"] = new JsonObject { ["taints"] = new JsonArray(new JsonObject { ["key"] = "dedicated", ["value"] = "db", ["effect"] = "NoSchedule" }) };
        nodes[4]["metadata"]!["labels"] = new JsonObject { ["node-role.kubernetes.io/control-plane"] = "" };
        var pods = Enumerable.Range(0, 120).Select(i => Pod($"node-{i % 3:00}")).ToList();

        var html = await RenderAsync(NodeRow.From(nodes, pods));

        Assert.Equal(50, html.Split("<tr data-node=").Length - 1);
        Assert.Contains("<td class=\"bad\">NotReady</td>", html);
        Assert.Contains("<td class=\"ok\">Ready,SchedulingDisabled</td>", html);
        Assert.Contains("<td>MemoryPressure</td>", html);
        Assert.Contains("<td>dedicated=db:NoSchedule</td>", html);
        Assert.Contains("<td>control-plane</td>", html);
        Assert.Contains("<a href=\"/nodes/node-00\">node-00</a>", html);
        Assert.Contains("<td>40</td>", html);
    }

    [Fact]
    public async Task EachNodeShowsItsUseAtAGlanceAndANodeWithoutSeriesShowsDashes()
    {
        var nodes = new[] { Node("node-a", ready: true, cordoned: false), Node("node-b", ready: true, cordoned: false) };
        var usage = new NodeUsageSnapshot(new Dictionary<string, NodeUsage> { ["node-a"] = new(0.372, 0.4212, 0.61, 1.25, 0.483, 0) }, null);

        var html = await RenderAsync(NodeRow.From(nodes, []), usage);

        Assert.Contains("<th scope=\"col\">CPU <small>(load per CPU)</small></th>", html);
        var a = Row(html, "node-a");
        Assert.Contains("<td class=\"use\">37% <small>(0.42)</small></td>", a);
        Assert.Contains("<td class=\"use\">61% <small>(1.3)</small></td>", a);
        Assert.Contains("<td class=\"use\">48%</td>", a);
        Assert.Contains("<td class=\"use\">0</td>", a);
        var b = Row(html, "node-b");
        Assert.Equal(2, b.Split("<td class=\"use\">— <small>(—)</small></td>").Length - 1);
        Assert.Equal(2, b.Split("<td class=\"use\">—</td>").Length - 1);
        Assert.DoesNotContain("chart-unavailable", html);
    }

    [Fact]
    public async Task WithoutPrometheusTheListSaysWhyItHasNoFigures()
    {
        var usage = new NodeUsageSnapshot(new Dictionary<string, NodeUsage>(), "Prometheus is not configured.");

        var html = await RenderAsync(NodeRow.From([Node("node-a", ready: true, cordoned: false)], []), usage);

        Assert.Contains("<p class=\"message info chart-unavailable\">No CPU, memory, disk or network figures: Prometheus is not configured.</p>", html);
        Assert.Contains("<tr data-node=\"node-a\">", html);
    }

    private static string Row(string html, string node)
    {
        var start = html.IndexOf($"<tr data-node=\"{node}\">", StringComparison.Ordinal);
        return System.Net.WebUtility.HtmlDecode(html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)]);
    }

    private static Task<string> RenderAsync(IReadOnlyList<NodeRow> rows, NodeUsageSnapshot? usage = null) =>
        ComponentRenderer.RenderAsync<NodeTable>(new Dictionary<string, object?> { ["Rows"] = rows, ["Usage"] = usage });

    private static JsonObject Node(string name, bool ready, bool cordoned) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject { ["unschedulable"] = cordoned },
        ["status"] = new JsonObject { ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" }) },
    };

    private static JsonObject Pod(string node) => new() { ["metadata"] = new JsonObject { ["name"] = "p" }, ["spec"] = new JsonObject { ["nodeName"] = node } };
}
