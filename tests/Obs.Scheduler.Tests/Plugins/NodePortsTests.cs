using Obs.Scheduler.Framework;
using Obs.Scheduler.Plugins;
using static Obs.Scheduler.Tests.TestObjects;

namespace Obs.Scheduler.Tests.Plugins;

public sealed class NodePortsTests
{
    private static PodInfo WithPort(string name, int port, string ip = "", string protocol = "TCP") =>
        PodInfo(Pod(name, spec: $$"""{"containers": [{"name": "a", "ports": [{"containerPort": 80, "hostPort": {{port}}, "hostIP": "{{ip}}", "protocol": "{{protocol}}"}]}]}"""));

    [Fact]
    public void AHostPortInUseConflicts()
    {
        var plugin = new NodePorts();
        var node = NodeInfo("n", "4", "8Gi", WithPort("a", 8080));
        var result = plugin.Filter(null, WithPort("p", 8080, "127.0.0.1"), node);
        Assert.Equal(FilterCode.Unschedulable, result.Code);
        Assert.Equal(["node(s) didn't have free ports for the requested pod ports"], result.Reasons);
        Assert.True(plugin.Filter(null, WithPort("p", 8081), node).IsSuccess);
        Assert.True(plugin.Filter(null, WithPort("p", 8080, protocol: "UDP"), node).IsSuccess);
    }

    [Fact]
    public void DifferentSpecificIpsDoNotConflict()
    {
        var node = NodeInfo("n", "4", "8Gi", WithPort("a", 8080, "10.0.0.1"));
        Assert.True(new NodePorts().Filter(null, WithPort("p", 8080, "10.0.0.2"), node).IsSuccess);
    }

    [Fact]
    public void RemovingThePodFreesItsPort()
    {
        var node = NodeInfo("n", "4", "8Gi", WithPort("a", 8080));
        node.RemovePod("default/a");
        Assert.True(new NodePorts().Filter(null, WithPort("p", 8080), node).IsSuccess);
    }
}
