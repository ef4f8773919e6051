using Obs.Scheduler.Framework;
using Obs.Scheduler.Plugins;
using static Obs.Scheduler.Tests.TestObjects;

namespace Obs.Scheduler.Tests.Plugins;

public sealed class TaintTolerationTests
{
    private readonly TaintToleration _plugin = new();
    private const string ControlPlane = """[{"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}]""";

    [Fact]
    public void UntoleratedNoScheduleTaintKeepsPodsOff()
    {
        var result = _plugin.Filter(null, PodInfo(Pod("p")), NodeInfo(Node("n", taints: ControlPlane)));
        Assert.Equal(FilterCode.UnschedulableAndUnresolvable, result.Code);
        Assert.Equal(["node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"], result.Reasons);
    }

    [Fact]
    public void NoExecuteTaintsFilterAndPreferNoScheduleDoesNot()
    {
        var node = NodeInfo(Node("n", taints: """[{"key": "a", "value": "1", "effect": "NoExecute"}]"""));
        Assert.Equal(["node(s) had untolerated taint {a: 1}"], _plugin.Filter(null, PodInfo(Pod("p")), node).Reasons);
        Assert.True(_plugin.Filter(null, PodInfo(Pod("p")), NodeInfo(Node("n", taints: """[{"key": "a", "effect": "PreferNoSchedule"}]"""))).IsSuccess);
    }

    [Fact]
    public void TolerationsLetPodsOn()
    {
        var equal = PodInfo(Pod("p", spec: """{"tolerations": [{"key": "node-role.kubernetes.io/control-plane", "operator": "Equal", "value": "", "effect": "NoSchedule"}]}"""));
        var everything = PodInfo(Pod("q", spec: """{"tolerations": [{"operator": "Exists"}]}"""));
        var node = NodeInfo(Node("n", taints: ControlPlane));
        Assert.True(_plugin.Filter(null, equal, node).IsSuccess);
        Assert.True(_plugin.Filter(null, everything, node).IsSuccess);
    }

    [Fact]
    public void NodesThatAreNotReadyCarryTheNotReadyTaint()
    {
        Assert.Equal(["node(s) had untolerated taint {node.kubernetes.io/not-ready: }"],
            _plugin.Filter(null, PodInfo(Pod("p")), NodeInfo(Node("n", ready: false))).Reasons);
        Assert.Equal(["node(s) had untolerated taint {node.kubernetes.io/unreachable: }"],
            _plugin.Filter(null, PodInfo(Pod("p")), NodeInfo(Node("n", readyStatus: "Unknown"))).Reasons);
        var tolerant = PodInfo(Pod("p", spec: """{"tolerations": [{"key": "node.kubernetes.io/not-ready", "operator": "Exists"}]}"""));
        Assert.True(_plugin.Filter(null, tolerant, NodeInfo(Node("n", ready: false))).IsSuccess);
    }

    [Fact]
    public void ScoreCountsUntoleratedPreferNoScheduleTaintsReversed()
    {
        var pod = PodInfo(Pod("p", spec: """{"tolerations": [{"key": "b", "operator": "Exists", "effect": "PreferNoSchedule"}]}"""));
        var nodes = new[]
        {
            NodeInfo(Node("clean")),
            NodeInfo(Node("one", taints: """[{"key": "a", "effect": "PreferNoSchedule"}, {"key": "b", "effect": "PreferNoSchedule"}]""")),
            NodeInfo(Node("two", taints: """[{"key": "a", "effect": "PreferNoSchedule"}, {"key": "c", "effect": "PreferNoSchedule"}]""")),
        };
        var state = _plugin.PreScore(pod, nodes, Snapshot.Of(nodes));
        var scores = nodes.Select(n => _plugin.Score(state, pod, n)).ToArray();
        Assert.Equal([0L, 1, 2], scores);
        _plugin.Normalize(state, scores);
        Assert.Equal([100L, 50, 0], scores);
    }
}
