using Obs.Scheduler.Framework;
using Obs.Scheduler.Plugins;
using static Obs.Scheduler.Tests.TestObjects;

namespace Obs.Scheduler.Tests.Plugins;

public sealed class NodeAffinityTests
{
    private readonly NodeAffinity _plugin = new();
    private static readonly NodeInfo Ssd = NodeInfo(Node("ssd-node", labels: Labels("disk=ssd", "zone=a", "cores=16")));
    private static readonly NodeInfo Hdd = NodeInfo(Node("hdd-node", labels: Labels("disk=hdd", "zone=b", "cores=4")));

    private static PodInfo Required(string expressions, string key = "matchExpressions") => PodInfo(Pod("p", spec: """
        {"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"@0@": @1@}]}}}}
        """.Replace("@0@", (key).ToString()).Replace("@1@", (expressions).ToString())));

    [Fact]
    public void NodeSelectorMustMatchEveryLabel()
    {
        var pod = PodInfo(Pod("p", spec: """{"nodeSelector": {"disk": "ssd", "zone": "a"}}"""));
        Assert.True(_plugin.Filter(null, pod, Ssd).IsSuccess);
        var result = _plugin.Filter(null, pod, Hdd);
        Assert.Equal(FilterCode.UnschedulableAndUnresolvable, result.Code);
        Assert.Equal(["node(s) didn't match Pod's node affinity/selector"], result.Reasons);
    }

    [Theory]
    [InlineData("""[{"key": "disk", "operator": "In", "values": ["ssd", "nvme"]}]""", true, false)]
    [InlineData("""[{"key": "disk", "operator": "NotIn", "values": ["ssd"]}]""", false, true)]
    [InlineData("""[{"key": "disk", "operator": "Exists"}]""", true, true)]
    [InlineData("""[{"key": "gpu", "operator": "DoesNotExist"}]""", true, true)]
    [InlineData("""[{"key": "cores", "operator": "Gt", "values": ["8"]}]""", true, false)]
    [InlineData("""[{"key": "cores", "operator": "Lt", "values": ["8"]}]""", false, true)]
    [InlineData("""[{"key": "disk", "operator": "In", "values": ["ssd"]}, {"key": "zone", "operator": "In", "values": ["b"]}]""", false, false)]
    [InlineData("""[]""", false, false)]
    public void RequiredExpressions(string expressions, bool onSsd, bool onHdd)
    {
        var pod = Required(expressions);
        Assert.Equal(onSsd, _plugin.Filter(null, pod, Ssd).IsSuccess);
        Assert.Equal(onHdd, _plugin.Filter(null, pod, Hdd).IsSuccess);
    }

    [Fact]
    public void MatchFieldsSelectsByNodeName()
    {
        var pod = Required("""[{"key": "metadata.name", "operator": "In", "values": ["hdd-node"]}]""", "matchFields");
        Assert.False(_plugin.Filter(null, pod, Ssd).IsSuccess);
        Assert.True(_plugin.Filter(null, pod, Hdd).IsSuccess);
    }

    [Fact]
    public void TermsAreOred()
    {
        var pod = PodInfo(Pod("p", spec: """
            {"affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
              {"matchExpressions": [{"key": "disk", "operator": "In", "values": ["ssd"]}]},
              {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["b"]}]}]}}}}
            """));
        Assert.True(_plugin.Filter(null, pod, Ssd).IsSuccess);
        Assert.True(_plugin.Filter(null, pod, Hdd).IsSuccess);
    }

    [Fact]
    public void PreferredTermsScoreByWeightScaledToTheBest()
    {
        var pod = PodInfo(Pod("p", spec: """
            {"affinity": {"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
              {"weight": 80, "preference": {"matchExpressions": [{"key": "disk", "operator": "In", "values": ["ssd"]}]}},
              {"weight": 20, "preference": {"matchExpressions": [{"key": "zone", "operator": "Exists"}]}}]}}}
            """));
        var bare = NodeInfo(Node("bare"));
        long[] scores = [_plugin.Score(null, pod, Ssd), _plugin.Score(null, pod, Hdd), _plugin.Score(null, pod, bare)];
        Assert.Equal([100L, 20, 0], scores);
        _plugin.Normalize(null, scores);
        Assert.Equal([100L, 20, 0], scores);
    }
}
