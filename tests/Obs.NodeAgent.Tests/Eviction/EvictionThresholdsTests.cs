using Obs.NodeAgent.Eviction;

namespace Obs.NodeAgent.Tests.Eviction;

public sealed class EvictionThresholdsTests
{
    [Fact]
    public void DefaultsAreKubernetesHardThresholds()
    {
        var thresholds = EvictionThresholds.Parse(null);
        Assert.Equal(["memory.available<100Mi", "nodefs.available<10%", "nodefs.inodesFree<5%", "pid.available<10%"], thresholds.Select(t => t.ToString()));
        Assert.Equal(100L * 1024 * 1024, thresholds[0].Value(1L << 40));
        Assert.Equal(1000, thresholds[1].Value(10_000));
    }

    [Fact]
    public void GivenThresholdsReplaceAllTheDefaults()
    {
        var thresholds = EvictionThresholds.Parse("memory.available<1Gi, nodefs.inodesFree<2%");
        Assert.Equal(["memory.available<1Gi", "nodefs.inodesFree<2%"], thresholds.Select(t => t.ToString()));
        Assert.True(thresholds[0].IsMet(new SignalObservation((1L << 30) - 1, 1L << 34)));
        Assert.False(thresholds[0].IsMet(new SignalObservation(1L << 30, 1L << 34)));
    }

    [Fact]
    public void EveryBadTermIsReported()
    {
        var error = Assert.Throws<FormatException>(() => EvictionThresholds.Parse("memory.free<1Gi,nodefs.available<120%,pid.available=5"));
        Assert.Equal("eviction-hard: \"memory.free\": not a supported signal (memory.available, nodefs.available, nodefs.inodesFree, pid.available); " +
            "\"nodefs.available<120%\": the percentage must be between 0% and 100%; \"pid.available=5\": expected signal<value, for example memory.available<100Mi", error.Message);
    }
}
