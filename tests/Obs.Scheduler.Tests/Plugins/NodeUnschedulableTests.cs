using Obs.Scheduler.Framework;
using Obs.Scheduler.Plugins;
using static Obs.Scheduler.Tests.TestObjects;

namespace Obs.Scheduler.Tests.Plugins;

public sealed class NodeUnschedulableTests
{
    private readonly NodeUnschedulable _plugin = new();

    [Fact]
    public void CordonedNodesRefusePods()
    {
        var result = _plugin.Filter(null, PodInfo(Pod("p")), NodeInfo(Node("n", unschedulable: true)));
        Assert.Equal(FilterCode.UnschedulableAndUnresolvable, result.Code);
        Assert.Equal(["node(s) were unschedulable"], result.Reasons);
        Assert.True(_plugin.Filter(null, PodInfo(Pod("p")), NodeInfo(Node("n"))).IsSuccess);
    }

    [Fact]
    public void PodsToleratingTheUnschedulableTaintMayGoThere()
    {
        var pod = PodInfo(Pod("p", spec: """{"tolerations": [{"key": "node.kubernetes.io/unschedulable", "operator": "Exists", "effect": "NoSchedule"}]}"""));
        Assert.True(_plugin.Filter(null, pod, NodeInfo(Node("n", unschedulable: true))).IsSuccess);
    }
}
