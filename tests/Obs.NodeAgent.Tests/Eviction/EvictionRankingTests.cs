using System.Text.Json.Nodes;
using Obs.NodeAgent.Eviction;

namespace Obs.NodeAgent.Tests.Eviction;

public sealed class EvictionRankingTests
{
    private const long Mi = 1024 * 1024;

    internal static EvictionCandidate Pod(string name, long memoryUsage, string? memoryRequest = null, long priority = 0, long processes = 1)
    {
        var container = new JsonObject { ["name"] = "main" };
        if (memoryRequest is not null) container["resources"] = new JsonObject { ["requests"] = new JsonObject { ["memory"] = memoryRequest } };
        var pod = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "ns" },
            ["spec"] = new JsonObject { ["priority"] = priority, ["containers"] = new JsonArray(container) },
        };
        return new EvictionCandidate(pod, [new ContainerUsage("main", memoryUsage, 0, processes)], 0, 0);
    }

    [Fact]
    public void PodsOverTheirRequestGoFirstThenLowerPriorityThenMostAboveTheRequest()
    {
        var ranked = EvictionRanking.Rank(
        [
            Pod("within-request", 900 * Mi, "1Gi"),
            Pod("besteffort-small", 10 * Mi),
            Pod("burstable-over", 300 * Mi, "100Mi"),
            Pod("besteffort-important", 500 * Mi, priority: 1000),
            Pod("besteffort-big", 200 * Mi),
        ], EvictionSignal.MemoryAvailable);
        Assert.Equal(["ns/besteffort-big", "ns/burstable-over", "ns/besteffort-small", "ns/besteffort-important", "ns/within-request"], ranked.Select(c => c.Key));
    }

    [Fact]
    public void PidPressureRanksByPriorityThenProcesses()
    {
        var ranked = EvictionRanking.Rank(
        [
            Pod("few", 0, processes: 2),
            Pod("many", 0, processes: 40),
            Pod("many-important", 0, priority: 10, processes: 400),
        ], EvictionSignal.PidAvailable);
        Assert.Equal(["ns/many", "ns/few", "ns/many-important"], ranked.Select(c => c.Key));
    }
}
