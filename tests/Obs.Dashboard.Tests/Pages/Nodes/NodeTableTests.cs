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

    private static Task<string> RenderAsync(IReadOnlyList<NodeRow> rows) =>
        ComponentRenderer.RenderAsync<NodeTable>(new Dictionary<string, object?> { ["Rows"] = rows });

    private static JsonObject Node(string name, bool ready, bool cordoned) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject { ["unschedulable"] = cordoned },
        ["status"] = new JsonObject { ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" }) },
    };

    private static JsonObject Pod(string node) => new() { ["metadata"] = new JsonObject { ["name"] = "p" }, ["spec"] = new JsonObject { ["nodeName"] = node } };
}
