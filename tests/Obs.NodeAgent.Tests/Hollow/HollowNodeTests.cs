using Obs.NodeAgent.Hollow;
using Obs.Client.Config;

namespace Obs.NodeAgent.Tests.Hollow;

public sealed class HollowNodeTests
{
    [Fact]
    public void AddressesFollowTheIndexAndPodIpsCycleThroughTheRange()
    {
        var node = new HollowNode("hollow-300", 300);
        Assert.Equal("10.0.1.44", node.Address);
        Assert.Equal("10.65.44.0/24", node.PodCidr);
        Assert.Equal("10.65.44.1", node.NextPodIp());
        Assert.Equal("10.65.44.2", node.NextPodIp());
        for (var i = 0; i < 252; i++) node.NextPodIp();
        Assert.Equal("10.65.44.1", node.NextPodIp());
    }

    [Fact]
    public void CapacityTextOverridesTheDefaults()
    {
        var options = new HollowOptions { Cluster = ClusterConnection.Explicit("https://127.0.0.1:1", null, "t"), Count = 1 }.WithCapacity("cpu=4, pods=30");
        Assert.Equal("4", options.Cpu);
        Assert.Equal(30, options.MaxPods);
        Assert.Equal("32Gi", options.Memory);
        var error = Assert.Throws<FormatException>(() => options.WithCapacity("gpu=1"));
        Assert.Equal("capacity \"gpu\" is not one of cpu, memory, pods, ephemeral-storage", error.Message);
    }
}
