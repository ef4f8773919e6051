using Obs.Scheduler.Framework;
using Obs.Scheduler.Plugins;
using static Obs.Scheduler.Tests.TestObjects;

namespace Obs.Scheduler.Tests.Plugins;

public sealed class NodeNameTests
{
    [Fact]
    public void APodNamingANodeFitsOnlyThatNode()
    {
        var plugin = new NodeName();
        var pod = PodInfo(Pod("p", nodeName: "b"));
        Assert.True(plugin.Filter(null, pod, NodeInfo("b")).IsSuccess);
        Assert.Equal(new FilterResult(FilterCode.UnschedulableAndUnresolvable, ["node(s) didn't match the requested node name"]).Reasons,
            plugin.Filter(null, pod, NodeInfo("a")).Reasons);
        Assert.True(plugin.Filter(null, PodInfo(Pod("q")), NodeInfo("a")).IsSuccess);
    }
}
