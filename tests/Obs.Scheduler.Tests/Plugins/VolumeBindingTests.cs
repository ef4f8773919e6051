using System.Text.Json.Nodes;
using Obs.Scheduler.Framework;
using Obs.Scheduler.Plugins;
using static Obs.Scheduler.Tests.TestObjects;

namespace Obs.Scheduler.Tests.Plugins;

public sealed class VolumeBindingTests
{
    private static readonly Dictionary<string, JsonObject> Claims = new()
    {
        ["default/bound"] = JsonNode.Parse("""{"metadata": {"name": "bound"}, "spec": {"volumeName": "pv-on-a"}}""")!.AsObject(),
        ["default/pending"] = JsonNode.Parse("""{"metadata": {"name": "pending"}, "spec": {"storageClassName": "local-path"}}""")!.AsObject(),
        ["default/immediate"] = JsonNode.Parse("""{"metadata": {"name": "immediate"}, "spec": {"storageClassName": "now"}}""")!.AsObject(),
        ["default/classless"] = JsonNode.Parse("""{"metadata": {"name": "classless"}, "spec": {"storageClassName": ""}}""")!.AsObject(),
    };

    private static readonly Dictionary<string, JsonObject> Volumes = new()
    {
        ["pv-on-a"] = JsonNode.Parse("""
            {"metadata": {"name": "pv-on-a"}, "spec": {"nodeAffinity": {"required": {"nodeSelectorTerms": [
              {"matchExpressions": [{"key": "kubernetes.io/hostname", "operator": "In", "values": ["a"]}]}]}}}}
            """)!.AsObject(),
    };

    private static readonly Dictionary<string, JsonObject> Classes = new()
    {
        ["local-path"] = JsonNode.Parse("""{"metadata": {"name": "local-path"}, "provisioner": "obs.dev/local-path", "volumeBindingMode": "WaitForFirstConsumer"}""")!.AsObject(),
        ["now"] = JsonNode.Parse("""{"metadata": {"name": "now"}, "provisioner": "obs.dev/local-path", "volumeBindingMode": "Immediate"}""")!.AsObject(),
    };

    private readonly VolumeBinding _plugin = new((ns, name) => Claims.GetValueOrDefault($"{ns}/{name}"), name => Volumes.GetValueOrDefault(name), name => Classes.GetValueOrDefault(name));

    private static PodInfo WithClaim(string claim) =>
        PodInfo(Pod("p", spec: """{"volumes": [{"name": "data", "persistentVolumeClaim": {"claimName": "@"}}]}""".Replace("@", claim)));

    private FilterResult Filter(PodInfo pod, NodeInfo node) => _plugin.Filter(_plugin.PreFilter(pod, Snapshot.Of(node)), pod, node);

    [Fact]
    public void ABoundLocalVolumeKeepsThePodOnItsNode()
    {
        Assert.True(Filter(WithClaim("bound"), NodeInfo("a")).IsSuccess);
        var result = Filter(WithClaim("bound"), NodeInfo("b"));
        Assert.Equal(FilterCode.UnschedulableAndUnresolvable, result.Code);
        Assert.Equal(["node(s) had volume node affinity conflict"], result.Reasons);
    }

    [Fact]
    public void AnUnboundClaimFitsAnyNode() => Assert.True(Filter(WithClaim("pending"), NodeInfo("b")).IsSuccess);

    [Fact]
    public void AMissingClaimFitsNoNodeAndIsSaidOnceForThePod()
    {
        var result = Filter(WithClaim("nope"), NodeInfo("a"));
        Assert.Equal(["persistentvolumeclaim \"nope\" not found"], result.Reasons);
        Assert.True(result.WholePod);
    }

    [Theory]
    [InlineData("immediate")]
    [InlineData("classless")]
    public void AnUnboundClaimThatDoesNotWaitForItsPodKeepsThePodOffEveryNode(string claim)
    {
        var result = Filter(WithClaim(claim), NodeInfo("a"));
        Assert.Equal(["pod has unbound immediate PersistentVolumeClaims"], result.Reasons);
        Assert.Equal(FilterCode.UnschedulableAndUnresolvable, result.Code);
    }

    [Fact]
    public void PodsWithoutClaimsAreNotLookedAt() => Assert.Null(_plugin.PreFilter(PodInfo(Pod("p")), Snapshot.Of()));
}
