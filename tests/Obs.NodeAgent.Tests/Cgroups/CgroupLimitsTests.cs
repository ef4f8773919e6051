using System.Text.Json.Nodes;
using Obs.NodeAgent.Cgroups;

namespace Obs.NodeAgent.Tests.Cgroups;

public sealed class CgroupLimitsTests
{
    [Fact]
    public void ReadsCpuAndMemoryLimitsFromTheContainer()
    {
        var container = JsonNode.Parse("""{"name":"a","resources":{"limits":{"cpu":"200m","memory":"128Mi"},"requests":{"cpu":"1"}}}""")!.AsObject();
        var limits = CgroupLimits.FromContainer(container, 64);
        Assert.Equal(new CgroupLimits(200, 128 * 1024 * 1024, 64), limits);
        Assert.Equal(20_000, limits.CpuQuotaMicros);
    }

    [Fact]
    public void WholeCpusAndNoLimits()
    {
        Assert.Equal(150_000, new CgroupLimits(1500, null, null).CpuQuotaMicros);
        var none = CgroupLimits.FromContainer(JsonNode.Parse("""{"name":"a"}""")!.AsObject(), null);
        Assert.Equal(CgroupLimits.None, none);
        Assert.Null(none.CpuQuotaMicros);
    }

    [Fact]
    public void TinyCpuLimitsGetTheKernelsMinimumQuota()
    {
        Assert.Equal(1_000, new CgroupLimits(1, null, null).CpuQuotaMicros);
    }
}
