using Obs.NodeAgent.Eviction;

namespace Obs.NodeAgent.Tests.Eviction;

public sealed class EvictionMessageTests
{
    [Fact]
    public void MemoryMessageNamesTheThresholdWhatIsLeftAndTheContainersOverTheirRequest()
    {
        var threshold = EvictionThresholds.Parse("memory.available<100Mi")[0];
        var pod = EvictionRankingTests.Pod("web", 2L * 1024 * 1024 * 1024);
        var message = EvictionMessage.For(pod, threshold, new SignalObservation(50 * 1024 * 1024, 8L << 30));
        Assert.Equal("The node was low on resource: memory. Threshold quantity: 100Mi, available: 50Mi. " +
            "Container main was using 2Gi, request is 0, has larger consumption of memory. ", message);
    }

    [Fact]
    public void ContainerWithinItsRequestIsNotNamedAndPercentagesAreWorkedOut()
    {
        var threshold = EvictionThresholds.Parse("memory.available<10%")[0];
        var pod = EvictionRankingTests.Pod("web", 1000 * 1024, "1Gi");
        var message = EvictionMessage.For(pod, threshold, new SignalObservation(1000, 10L << 30));
        Assert.Equal("The node was low on resource: memory. Threshold quantity: 1Gi, available: 1k. ", message);
    }

    [Fact]
    public void PidMessageCountsInDecimal()
    {
        var threshold = EvictionThresholds.Parse("pid.available<10%")[0];
        var message = EvictionMessage.For(EvictionRankingTests.Pod("p", 0), threshold, new SignalObservation(2000, 32768));
        Assert.Equal("The node was low on resource: pids. Threshold quantity: 3276, available: 2k. ", message);
    }
}
