using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Scheduler.Cache;
using Obs.Scheduler.Framework;
using static Obs.Scheduler.Tests.TestObjects;

namespace Obs.Scheduler.Tests.Cache;

public sealed class CompactObjectsTests
{
    private static JsonObject FullPod()
    {
        var pod = Pod("web-0", "250m", "64Mi", "shop", Labels("app=web"), spec: """
            {
              "priority": 1000, "preemptionPolicy": "Never", "nodeSelector": {"disk": "ssd"},
              "tolerations": [{"key": "dedicated", "operator": "Equal", "value": "web", "effect": "NoSchedule"}],
              "affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]}]}]}},
                           "podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [{"labelSelector": {"matchLabels": {"app": "web"}}, "topologyKey": "kubernetes.io/hostname"}]}},
              "topologySpreadConstraints": [{"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule", "labelSelector": {"matchLabels": {"app": "web"}}}],
              "initContainers": [{"name": "init", "image": "busybox", "command": ["sh", "-c", "true"], "resources": {"requests": {"cpu": "1"}}}],
              "volumes": [{"name": "data", "persistentVolumeClaim": {"claimName": "data-web-0"}}, {"name": "config", "configMap": {"name": "web-config"}}],
              "dnsPolicy": "ClusterFirst", "restartPolicy": "Always"
            }
            """);
        var container = pod["spec"]!["containers"]![0]!.AsObject();
        container["env"] = JsonNode.Parse("""[{"name": "MODE", "value": "production"}]""");
        container["ports"] = JsonNode.Parse("""[{"containerPort": 8080, "hostPort": 80}]""");
        pod["metadata"]!["managedFields"] = JsonNode.Parse("""[{"manager": "kubectl", "operation": "Update", "fieldsV1": {"f:spec": {}}}]""");
        pod["metadata"]!["annotations"] = new JsonObject { ["team"] = "shop" };
        pod["metadata"]!["resourceVersion"] = "42";
        pod["status"] = JsonNode.Parse("""
            {"phase": "Pending", "nominatedNodeName": "node-a", "qosClass": "Burstable",
             "conditions": [{"type": "PodScheduled", "status": "False", "reason": "Unschedulable", "message": "0/1 nodes are available"},
                            {"type": "Initialized", "status": "True"}]}
            """);
        return pod;
    }

    [Fact]
    public void ACompactPodSchedulesAsTheWholeOne()
    {
        var full = new PodInfo(FullPod());
        var compact = new PodInfo(CompactObjects.Pod(FullPod()));

        Assert.Equal((full.Key, full.Uid, full.ResourceVersion, full.Priority, full.PreemptionPolicy, full.NominatedNodeName, full.SchedulerName),
            (compact.Key, compact.Uid, compact.ResourceVersion, compact.Priority, compact.PreemptionPolicy, compact.NominatedNodeName, compact.SchedulerName));
        Assert.Equal(new ResourceSet(1000, 64L * 1024 * 1024, 0, 1), compact.Requests);
        Assert.Equal(full.NonZeroRequests, compact.NonZeroRequests);
        Assert.Equal(full.HostPorts, compact.HostPorts);
        Assert.Equal(full.Tolerations, compact.Tolerations);
        Assert.Equal(full.Labels, compact.Labels);
        Assert.Equal(full.NodeSelector, compact.NodeSelector);
        Assert.Equal(full.RequiredNodeTerms!.ToJsonString(), compact.RequiredNodeTerms!.ToJsonString());
        Assert.Equal(full.RequiredAntiAffinity.Count, compact.RequiredAntiAffinity.Count);
        Assert.Equal(full.SpreadConstraints.Count, compact.SpreadConstraints.Count);
        Assert.Equal(["data-web-0"], compact.ClaimNames);
    }

    [Fact]
    public void ACompactPodLeavesOutWhatTheSchedulerNeverReads()
    {
        var compact = CompactObjects.Pod(FullPod());

        Assert.Null(compact.At("metadata", "managedFields"));
        Assert.Equal("shop", compact.StringAt("metadata", "annotations", "team"));
        Assert.Equal("""{"name":"main","resources":{"requests":{"cpu":"250m","memory":"64Mi"}},"ports":[{"containerPort":8080,"hostPort":80}]}""",
            compact.At("spec", "containers")![0]!.ToJsonString());
        Assert.Null(compact.At("spec", "initContainers")![0].At("command"));
        Assert.Equal("""[{"name":"data","persistentVolumeClaim":{"claimName":"data-web-0"}}]""", compact.At("spec", "volumes")!.ToJsonString());
        Assert.Null(compact.At("spec", "dnsPolicy"));
        Assert.Null(compact.At("status", "qosClass"));
        Assert.Equal(["PodScheduled"], compact.At("status", "conditions")!.AsArray().Select(c => c.StringAt("type")));
        Assert.Equal("Pod", compact.StringAt("kind"));
    }

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
    public void ReadingACompactPodLeavesItAsStored()
    {
        var compact = CompactObjects.Pod(FullPod());
        var before = compact.ToJsonString();
        var info = new PodInfo(compact);

        Assert.Same(compact, info.Pod);
        Assert.Equal(before, compact.ToJsonString());
    }

    [Fact]
    public void APodAsTheWatchParsedItCompactsAsOneBuiltInMemory()
    {
        // Watch and list objects arrive parsed and unopened; objects built in code are trees.
        var parsed = JsonNode.Parse(FullPod().ToJsonString())!.AsObject();

        Assert.Equal(CompactObjects.Pod(FullPod()).ToJsonString(), CompactObjects.Pod(parsed).ToJsonString());
        Assert.Equal(CompactObjects.Node(Node("node-a")).ToJsonString(), CompactObjects.Node(JsonNode.Parse(Node("node-a").ToJsonString())!.AsObject()).ToJsonString());
    }

    [Fact]
    public void NullFieldsAreLeftOutAsAbsentOnes()
    {
        var pod = JsonNode.Parse("""
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "default", "labels": null},
             "spec": {"nodeName": null, "containers": [{"name": "a", "resources": null}, 7], "volumes": [{"name": "v", "persistentVolumeClaim": null}]},
             "status": {"phase": "Pending", "conditions": [{"type": null}, {"type": "PodScheduled", "status": "False"}]}}
            """)!.AsObject();

        Assert.Equal("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"default"},"spec":{"containers":[{"name":"a"}],"volumes":[]},"status":{"phase":"Pending","conditions":[{"type":"PodScheduled","status":"False"}]}}""",
            CompactObjects.Pod(pod).ToJsonString());
    }
}
