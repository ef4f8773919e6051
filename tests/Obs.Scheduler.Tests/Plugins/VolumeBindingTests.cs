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
        ["default/pending"] = JsonNode.Parse("""{"metadata": {"name": "pending"}, "spec": {}}""")!.AsObject(),
    };

    private static readonly Dictionary<string, JsonObject> Volumes = new()
    {
        ["pv-on-a"] = JsonNode.Parse("""
            {"metadata": {"name": "pv-on-a"}, "spec": {"nodeAffinity": {"required": {"nodeSelectorTerms": [
              {"matchExpressions": [{"key": "kubernetes.io/hostname", "operator": "In", "values": ["a"]}]}]}}}}
            """)!.AsObject(),
    };

    private readonly VolumeBinding _plugin = new((ns, name) => Claims.GetValueOrDefault($"{ns}/{name}"), name => Volumes.GetValueOrDefault(name));

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
    public void AMissingClaimFitsNoNode() =>
        Assert.Equal(["persistentvolumeclaim \"nope\" not found"], Filter(WithClaim("nope"), NodeInfo("a")).Reasons);

    [Fact]
    public void PodsWithoutClaimsAreNotLookedAt() => Assert.Null(_plugin.PreFilter(PodInfo(Pod("p")), Snapshot.Of()));
}
