using Obs.Scheduler.Framework;
using Obs.Scheduler.Plugins;
using static Obs.Scheduler.Tests.TestObjects;

namespace Obs.Scheduler.Tests.Plugins;

public sealed class PodTopologySpreadTests
{
    private readonly PodTopologySpread _plugin = new();

    private static PodInfo Web(string name, string when = "DoNotSchedule", int maxSkew = 1) => PodInfo(Pod(name, labels: Labels("app=web"), spec: """
        {"topologySpreadConstraints": [{"maxSkew": @0@, "topologyKey": "zone", "whenUnsatisfiable": "@1@", "labelSelector": {"matchLabels": {"app": "web"}}}]}
        """.Replace("@0@", (maxSkew).ToString()).Replace("@1@", (when).ToString())));

    private static NodeInfo[] Zones(int inA, int inB)
    {
        var a = NodeInfo(Node("a", labels: Labels("zone=a")), Enumerable.Range(0, inA).Select(i => Web("a" + i)).ToArray());
        var b = NodeInfo(Node("b", labels: Labels("zone=b")), Enumerable.Range(0, inB).Select(i => Web("b" + i)).ToArray());
        return [a, b, NodeInfo(Node("nolabel"))];
    }

    [Fact]
    public void DoNotScheduleFiltersDomainsThatWouldExceedMaxSkew()
    {
        var nodes = Zones(2, 1);
        var pod = Web("new");
        var state = _plugin.PreFilter(pod, Snapshot.Of(nodes));
        var results = nodes.Select(n => _plugin.Filter(state, pod, n)).ToArray();
        Assert.Equal(FilterCode.Unschedulable, results[0].Code);
        Assert.Equal(["node(s) didn't match pod topology spread constraints"], results[0].Reasons);
        Assert.True(results[1].IsSuccess);
        Assert.Equal(FilterCode.UnschedulableAndUnresolvable, results[2].Code);
        Assert.Equal(["node(s) didn't match pod topology spread constraints (missing required label)"], results[2].Reasons);
    }

    [Fact]
    public void LargerMaxSkewAllowsMore()
    {
        var nodes = Zones(2, 1);
        var pod = Web("new", maxSkew: 2);
        var state = _plugin.PreFilter(pod, Snapshot.Of(nodes));
        Assert.True(_plugin.Filter(state, pod, nodes[0]).IsSuccess);
    }

    [Fact]
    public void ScheduleAnywayScoresEmptierDomainsHigher()
    {
        var nodes = Zones(3, 1);
        var pod = Web("new", "ScheduleAnyway");
        Assert.Null(_plugin.PreFilter(pod, Snapshot.Of(nodes)));
        var state = _plugin.PreScore(pod, nodes, Snapshot.Of(nodes));
        var scores = nodes.Select(n => _plugin.Score(state, pod, n)).ToArray();
        _plugin.Normalize(state, scores);
        Assert.Equal(0, scores[2]);
        Assert.Equal(33, scores[0]);
        Assert.Equal(100, scores[1]);
    }
}
