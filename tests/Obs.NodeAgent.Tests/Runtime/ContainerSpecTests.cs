using System.Text.Json.Nodes;
using Obs.NodeAgent.Cgroups;
using Obs.NodeAgent.Runtime;

namespace Obs.NodeAgent.Tests.Runtime;

public sealed class ContainerSpecTests
{
    [Fact]
    public void ReadsTheContainerAndExpandsReferences()
    {
        var container = JsonNode.Parse("""
            {"name":"app","image":"busybox","command":["/bin/sh","-c"],"args":["echo $(GREETING) $(POD_NAME) $$(HOME)"],
             "workingDir":"/srv",
             "env":[{"name":"GREETING","value":"hi-$(PORT)"},{"name":"POD_NAME","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}],
             "resources":{"limits":{"cpu":"500m","memory":"64Mi"}}}
            """)!.AsObject();

        var spec = ContainerSpec.FromJson(container, 32, [new("PORT", "8080"), new("POD_NAME", "web-0")], restartCount: 2);

        Assert.Equal("app", spec.Name);
        Assert.Equal(["/bin/sh", "-c", "echo hi-8080 web-0 $(HOME)"], spec.Argv);
        Assert.Equal("/srv", spec.WorkingDir);
        Assert.Equal([new("PORT", "8080"), new("GREETING", "hi-8080"), new("POD_NAME", "web-0")], spec.Environment);
        Assert.Equal(new CgroupLimits(500, 64 * 1024 * 1024, 32), spec.Limits);
        Assert.Equal(2, spec.RestartCount);
    }

    [Fact]
    public void NoCommandReadsAsEmpty()
    {
        var spec = ContainerSpec.FromJson(JsonNode.Parse("""{"name":"app","image":"nginx"}""")!.AsObject(), null);
        Assert.Empty(spec.Command);
        Assert.Empty(spec.Args);
        Assert.Empty(spec.Environment);
        Assert.Null(spec.WorkingDir);
    }
}
