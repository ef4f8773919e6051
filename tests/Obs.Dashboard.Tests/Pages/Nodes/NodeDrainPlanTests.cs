using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Dashboard.Pages.Nodes;

namespace Obs.Dashboard.Tests.Pages.Nodes;

public sealed class NodeDrainPlanTests
{
    [Fact]
    public void ManagedPodsAreEvictedAndDaemonSetMirrorAndUnmanagedPodsStay()
    {
        JsonObject[] pods =
        [
            Pod("web-1", "n1", owner: "ReplicaSet"),
            Pod("agent-x", "n1", owner: "DaemonSet"),
            Pod("static-n1", "n1", mirror: true),
            Pod("lonely", "n1"),
            Pod("done", "n1", phase: "Succeeded"),
            Pod("elsewhere", "n2", owner: "ReplicaSet"),
            Pod("leaving", "n1", owner: "ReplicaSet", terminating: true),
        ];

        var plan = NodeDrainPlan.For("n1", pods);

        Assert.Equal(["web-1", "done"], plan.Evict.Select(p => ObjectMeta.Name(p)));
        Assert.Equal(["agent-x"], plan.DaemonSetPods.Select(p => ObjectMeta.Name(p)));
        Assert.Equal(["static-n1"], plan.MirrorPods.Select(p => ObjectMeta.Name(p)));
        Assert.Equal(["lonely"], plan.Unmanaged.Select(p => ObjectMeta.Name(p)));
        Assert.False(plan.LosesEmptyDirData);
    }

    [Fact]
    public void AnEvictedPodWithAnEmptyDirIsSaidToLoseItsData()
    {
        var pod = Pod("cache-1", "n1", owner: "ReplicaSet");
        pod["spec"]!["volumes"] = new JsonArray(new JsonObject { ["name"] = "scratch", ["emptyDir"] = new JsonObject() });

        Assert.True(NodeDrainPlan.For("n1", [pod]).LosesEmptyDirData);
    }

    private static JsonObject Pod(string name, string node, string? owner = null, bool mirror = false, string phase = "Running", bool terminating = false)
    {
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = "default" };
        if (owner is not null)
            metadata["ownerReferences"] = new JsonArray(new JsonObject { ["kind"] = owner, ["name"] = "owner", ["uid"] = "u1", ["controller"] = true });
        if (mirror) metadata["annotations"] = new JsonObject { [NodeDrainPlan.MirrorAnnotation] = "hash" };
        if (terminating) metadata["deletionTimestamp"] = "2026-12-05T10:00:00Z";
        return new JsonObject
        {
            ["metadata"] = metadata,
            ["spec"] = new JsonObject { ["nodeName"] = node },
            ["status"] = new JsonObject { ["phase"] = phase },
        };
    }
}
