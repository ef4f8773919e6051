using Obs.NodeAgent.Node;

namespace Obs.NodeAgent.Tests.Node;

public sealed class NodeEventsTests
{
    [Theory]
    [InlineData("MemoryPressure", "False", "NodeHasSufficientMemory")]
    [InlineData("MemoryPressure", "True", "NodeHasInsufficientMemory")]
    [InlineData("DiskPressure", "False", "NodeHasNoDiskPressure")]
    [InlineData("DiskPressure", "True", "NodeHasDiskPressure")]
    [InlineData("PIDPressure", "False", "NodeHasSufficientPID")]
    [InlineData("PIDPressure", "True", "NodeHasInsufficientPID")]
    [InlineData("Ready", "True", "NodeReady")]
    [InlineData("Ready", "False", "NodeNotReady")]
    [InlineData("Ready", "Unknown", "NodeNotReady")]
    public void AConditionsNewStatusHasTheKubeletsReason(string type, string status, string reason) =>
        Assert.Equal(reason, NodeEvents.TransitionReason(new NodeCondition(type, status, "r", "m")));

    [Fact]
    public void ConditionsTheKubeletHasNoEventForGetNone() =>
        Assert.Null(NodeEvents.TransitionReason(new NodeCondition(NodeStatusBuilder.LimitsEnforced, "True", "CgroupsUsable", "m")));

    [Fact]
    public void TheNodeIsReferredToByNameWithItsNameAsUid()
    {
        var reference = NodeEvents.Reference("n1");
        Assert.Equal(("v1", "Node", null, "n1", "n1"), (reference.ApiVersion, reference.Kind, reference.Namespace, reference.Name, reference.Uid));
        Assert.Equal("default", reference.EventNamespace);
    }
}
