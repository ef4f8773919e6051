using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Scheduler.Cache;
using Obs.Scheduler.Framework;
using static Obs.Scheduler.Tests.TestObjects;

namespace Obs.Scheduler.Tests.Cache;

public sealed class CompactObjectsTests
{
    [Fact]
    public void ACompactNodeFiltersAsTheWholeOne()
    {
        static JsonObject FullNode()
        {
            var node = Node("node-a", "8", "32Gi", labels: Labels("zone=a"), taints: """[{"key": "dedicated", "value": "web", "effect": "NoSchedule"}]""", unschedulable: true);
            node["status"]!["images"] = JsonNode.Parse("""[{"names": ["busybox"], "sizeBytes": 1000}]""");
            node["status"]!["conditions"]!.AsArray().Add(new JsonObject { ["type"] = "MemoryPressure", ["status"] = "False" });
            node["metadata"]!["managedFields"] = JsonNode.Parse("""[{"manager": "obs-agent"}]""");
            return node;
        }
        var full = NodeInfo(FullNode());
        var compactNode = CompactObjects.Node(FullNode());
        var compact = NodeInfo(compactNode);

        Assert.Equal((full.Allocatable, full.Unschedulable), (compact.Allocatable, compact.Unschedulable));
        Assert.Equal(full.Labels, compact.Labels);
        Assert.Equal(full.Taints, compact.Taints);
        Assert.Null(compactNode.At("status", "images"));
        Assert.Null(compactNode.At("metadata", "managedFields"));
        Assert.Equal(["Ready"], compactNode.At("status", "conditions")!.AsArray().Select(c => c.StringAt("type")));
    }

    [Fact]
    public void ANodeAsTheWatchParsedItCompactsAsOneBuiltInMemory()
    {
        // Watch and list objects arrive parsed and unopened; objects built in code are trees.
        Assert.Equal(CompactObjects.Node(Node("node-a")).ToJsonString(), CompactObjects.Node(JsonNode.Parse(Node("node-a").ToJsonString())!.AsObject()).ToJsonString());
    }
}
