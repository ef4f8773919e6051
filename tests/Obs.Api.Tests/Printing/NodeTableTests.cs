using Obs.Api.Resources;

namespace Obs.Api.Tests.Printing;

public sealed class NodeTableTests
{
    [Fact]
    public void ReadyCordonedNodeWithRolesAndSystemInfo()
    {
        Assert.Equal("Name|Status|Roles|Age|Version", PrintingAssert.Names(ResourceTypes.Node, 0));
        Assert.Equal("Internal-IP|External-IP|OS-Image|Kernel-Version|Container-Runtime", PrintingAssert.Names(ResourceTypes.Node, 1));
        PrintingAssert.Row(ResourceTypes.Node, """
            {"metadata":{"name":"node-a","creationTimestamp":"2024-04-01T12:00:00Z",
               "labels":{"node-role.kubernetes.io/worker":"","node-role.kubernetes.io/control-plane":"","node-role.kubernetes.io/":"x","kubernetes.io/role":"edge"}},
             "spec":{"unschedulable":true},
             "status":{"conditions":[{"type":"MemoryPressure","status":"False"},{"type":"Ready","status":"True"}],
               "addresses":[{"type":"Hostname","address":"node-a"},{"type":"InternalIP","address":"10.0.0.5"}],
               "nodeInfo":{"kubeletVersion":"v1.32.0","osImage":"Debian GNU/Linux 12 (bookworm)","kernelVersion":"6.1.0-18-amd64","containerRuntimeVersion":"obs://0.1"}}}
            """, """["node-a","Ready,SchedulingDisabled","control-plane,edge,worker","30d","v1.32.0","10.0.0.5","<none>","Debian GNU/Linux 12 (bookworm)","6.1.0-18-amd64","obs://0.1"]""");
    }

    [Fact]
    public void NodeWithoutReadyConditionIsUnknown()
    {
        PrintingAssert.Row(ResourceTypes.Node, """{"metadata":{"name":"n"}}""",
            """["n","Unknown","<none>","<unknown>","","<none>","<none>","<unknown>","<unknown>","<unknown>"]""");
    }

    [Theory]
    [InlineData("False")]
    [InlineData("Unknown")]
    public void NodeWhoseReadyIsNotTrueIsNotReady(string status)
    {
        var cells = PrintingAssert.Cells(ResourceTypes.Node, $$$$"""{"metadata":{"name":"n"},"status":{"conditions":[{"type":"Ready","status":"{{{{status}}}}"}]}}""");

        Assert.Equal("NotReady", cells[1]!.GetValue<string>());
    }
}
