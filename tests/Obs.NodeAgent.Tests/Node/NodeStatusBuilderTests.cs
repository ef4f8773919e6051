using Obs.Api.Objects;
using Obs.NodeAgent.Cgroups;
using Obs.NodeAgent.Isolation;
using Obs.NodeAgent.Node;
using Obs.NodeAgent.Runtime;

namespace Obs.NodeAgent.Tests.Node;

public sealed class NodeStatusBuilderTests
{
    private static readonly MachineInfo Machine = new(4, 8L * 1024 * 1024 * 1024, 100L * 1024 * 1024 * 1024, "6.1.0", "Debian", "amd64", "mid", "bid", "host1");

    [Fact]
    public void AllocatableLeavesTheReserve()
    {
        var status = NodeStatusBuilder.Status(Machine, "10.0.0.7", 10250, 100, 256L * 1024 * 1024, 110);
        Assert.Equal("4", status.StringAt("capacity", "cpu"));
        Assert.Equal("8388608Ki", status.StringAt("capacity", "memory"));
        Assert.Equal("3900m", status.StringAt("allocatable", "cpu"));
        Assert.Equal("8126464Ki", status.StringAt("allocatable", "memory"));
        Assert.Equal("110", status.StringAt("allocatable", "pods"));
        Assert.Equal("10.0.0.7", status["addresses"]![0].StringAt("address"));
        Assert.Equal("host1", status["addresses"]![1].StringAt("address"));
        Assert.Equal(10250, status.LongAt("daemonEndpoints", "kubeletEndpoint", "Port"));
        Assert.Equal("v1.32.0+obs", status.StringAt("nodeInfo", "kubeletVersion"));
        Assert.Equal("linux", status.StringAt("nodeInfo", "operatingSystem"));
    }

    [Fact]
    public void UnusableCgroupsShowAsAFalseCondition()
    {
        var capabilities = new RuntimeCapabilities(CgroupSupport.Unusable(CgroupVersion.V2, "/obs.slice", "not root"), NamespaceSupport.Disabled("off"));
        var conditions = NodeStatusBuilder.Conditions(new NodePressure(long.MaxValue, 50, 100, 1, 100), capabilities);
        var limits = conditions.Single(c => c.Type == NodeStatusBuilder.LimitsEnforced);
        Assert.Equal(("False", "CgroupsUnavailable", "pods run without resource limits: not root"), (limits.Status, limits.Reason, limits.Message));
        Assert.Equal("True", conditions.Single(c => c.Type == "Ready").Status);
        Assert.Equal("False", conditions.Single(c => c.Type == "MemoryPressure").Status);
    }
}
