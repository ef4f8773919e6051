using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Scheduler.Framework;
using static Obs.Scheduler.Tests.TestObjects;

namespace Obs.Scheduler.Tests.Framework;

public sealed class PodInfoTests
{
    [Fact]
    public void RequestsSumContainersAndTakeTheLargestInitContainer()
    {
        var pod = new PodInfo(Pod("p", "500m", "1Gi", spec: """
            {"containers": [
               {"name": "a", "resources": {"requests": {"cpu": "500m", "memory": "1Gi"}}},
               {"name": "b", "resources": {"requests": {"cpu": "250m", "ephemeral-storage": "1Gi"}}}],
             "initContainers": [
               {"name": "i1", "resources": {"requests": {"cpu": "2", "memory": "100Mi"}}},
               {"name": "i2", "resources": {"requests": {"memory": "3Gi"}}}]}
            """));
        Assert.Equal(new ResourceSet(2000, 3L << 30, 1L << 30, 1), pod.Requests);
    }

    [Fact]
    public void LimitsWithoutRequestsCountAsRequestsAndOverheadIsAdded()
    {
        var pod = new PodInfo(Pod("p", spec: """
            {"containers": [{"name": "a", "resources": {"limits": {"cpu": "1", "memory": "512Mi"}}}],
             "overhead": {"cpu": "100m", "memory": "10Mi"}}
            """));
        Assert.Equal(new ResourceSet(1100, 522L << 20, 0, 1), pod.Requests);
    }

    [Fact]
    public void PodsRequestingNothingScoreWithTheDefaultRequests()
    {
        var pod = new PodInfo(Pod("p"));
        Assert.Equal(new ResourceSet(0, 0, 0, 1), pod.Requests);
        Assert.Equal(new ResourceSet(100, 200L << 20, 0, 1), pod.NonZeroRequests);
    }

    [Fact]
    public void HostPortsDefaultToAnyIpAndTcp()
    {
        var pod = new PodInfo(Pod("p", spec: """
            {"containers": [{"name": "a", "ports": [{"containerPort": 80, "hostPort": 8080}, {"containerPort": 53, "hostPort": 53, "protocol": "UDP", "hostIP": "127.0.0.1"}, {"containerPort": 9090}]}]}
            """));
        Assert.Equal([new HostPort("0.0.0.0", "TCP", 8080), new HostPort("127.0.0.1", "UDP", 53)], pod.HostPorts);
    }

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

    private static JsonObject Parsed(JsonObject pod) => JsonNode.Parse(pod.ToJsonString())!.AsObject();

    [Fact]
    public void APodAsTheWatchParsedItReadsAsOneBuiltInMemory()
    {
        // Watch and list objects arrive parsed and unopened; objects built in code are trees.
        var built = new PodInfo(FullPod());
        var parsed = new PodInfo(Parsed(FullPod()));

        Assert.Equal((built.Key, built.Uid, built.ResourceVersion, built.Priority, built.PreemptionPolicy, built.NominatedNodeName, built.SchedulerName),
            (parsed.Key, parsed.Uid, parsed.ResourceVersion, parsed.Priority, parsed.PreemptionPolicy, parsed.NominatedNodeName, parsed.SchedulerName));
        Assert.Equal(new ResourceSet(1000, 64L * 1024 * 1024, 0, 1), parsed.Requests);
        Assert.Equal(built.NonZeroRequests, parsed.NonZeroRequests);
        Assert.Equal(built.HostPorts, parsed.HostPorts);
        Assert.Equal(built.Tolerations, parsed.Tolerations);
        Assert.Equal(built.Labels, parsed.Labels);
        Assert.Equal(built.NodeSelector, parsed.NodeSelector);
        Assert.Equal(built.RequiredNodeTerms!.ToJsonString(), parsed.RequiredNodeTerms!.ToJsonString());
        Assert.Equal(built.RequiredAntiAffinity.Count, parsed.RequiredAntiAffinity.Count);
        Assert.Equal(built.SpreadConstraints.Count, parsed.SpreadConstraints.Count);
        Assert.Equal(["data-web-0"], parsed.ClaimNames);
        Assert.Equal(built.Fingerprint, parsed.Fingerprint);
        Assert.Equal("0/1 nodes are available", parsed.UnschedulableMessage);
    }

    [Fact]
    public void ReadingAPodLeavesItAsItCameAndKeepsNoPartOfIt()
    {
        var pod = Parsed(FullPod());
        var before = pod.ToJsonString();
        var info = new PodInfo(pod);

        Assert.Equal(before, pod.ToJsonString());
        // A node of the pod's tree held by the record would keep the whole tree alive.
        Assert.Null(info.RequiredNodeTerms!.Parent);
        Assert.Same(info.RequiredNodeTerms, info.RequiredNodeTerms.Root);
    }

    [Theory]
    [InlineData("status", false)]
    [InlineData("resourceVersion", false)]
    [InlineData("spec", true)]
    [InlineData("labels", true)]
    [InlineData("annotations", true)]
    public void TheFingerprintChangesWithWhatSchedulingReadsOnly(string change, bool changes)
    {
        var pod = FullPod();
        var changed = FullPod();
        switch (change)
        {
            case "status": changed["status"]!["conditions"] = new JsonArray(); break;
            case "resourceVersion": changed["metadata"]!["resourceVersion"] = "43"; break;
            case "spec": changed["spec"]!["nodeSelector"]!["disk"] = "hdd"; break;
            case "labels": changed["metadata"]!["labels"]!["tier"] = "front"; break;
            default: changed["metadata"]!["annotations"]!["team"] = "ops"; break;
        }

        Assert.Equal(changes, new PodInfo(Parsed(pod)).Fingerprint != new PodInfo(Parsed(changed)).Fingerprint);
    }

    [Theory]
    [InlineData("True", "Scheduled")]
    [InlineData("False", "SchedulingGated")]
    public void OnlyAnUnschedulableConditionHasAMessageToKeep(string status, string reason)
    {
        var pod = FullPod();
        pod["status"]!["conditions"] = new JsonArray(new JsonObject { ["type"] = "PodScheduled", ["status"] = status, ["reason"] = reason, ["message"] = "m" });

        Assert.Null(new PodInfo(pod).UnschedulableMessage);
    }
}
