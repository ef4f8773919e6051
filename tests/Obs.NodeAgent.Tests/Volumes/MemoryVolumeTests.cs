using System.Text.Json.Nodes;
using Obs.NodeAgent.Volumes;

namespace Obs.NodeAgent.Tests.Volumes;

public sealed class MemoryVolumeTests
{
    private const long Gi = 1L << 30;
    private const long Mi = 1L << 20;

    private static JsonObject Pod(string volumes, string containers, string inits = "[]") =>
        (JsonObject)JsonNode.Parse($$$"""{"spec":{"volumes":{{{volumes}}},"containers":{{{containers}}},"initContainers":{{{inits}}}}}""")!;

    private const string Unlimited = """[{"name":"main"}]""";

    [Fact]
    public void SizeLimitSetsTheTmpfsSize()
    {
        var pod = Pod("""[{"name":"cache","emptyDir":{"medium":"Memory","sizeLimit":"64Mi"}}]""", Unlimited);
        var volume = Assert.Single(MemoryVolume.Find(pod, 8 * Gi));
        Assert.Equal(new MemoryVolume("cache", 64 * Mi), volume);
        Assert.Equal("size=67108864", volume.MountOptions);
    }

    [Fact]
    public void WithoutSizeLimitThePodsMemoryLimitIsTheSize()
    {
        var pod = Pod("""[{"name":"cache","emptyDir":{"medium":"Memory"}}]""",
            """[{"name":"a","resources":{"limits":{"memory":"100Mi"}}},{"name":"b","resources":{"limits":{"memory":"28Mi"}}}]""");
        Assert.Equal([new MemoryVolume("cache", 128 * Mi)], MemoryVolume.Find(pod, 8 * Gi));
    }

    [Fact]
    public void APodWithoutAMemoryLimitGetsHalfTheNodesMemory()
    {
        var pod = Pod("""[{"name":"cache","emptyDir":{"medium":"Memory"}}]""",
            """[{"name":"a","resources":{"limits":{"memory":"100Mi"}}},{"name":"b"}]""");
        Assert.Equal([new MemoryVolume("cache", 4 * Gi)], MemoryVolume.Find(pod, 8 * Gi));
        // Nothing known of the node either: tmpfs's own default, which is also half the memory.
        var unknown = Assert.Single(MemoryVolume.Find(pod, 0));
        Assert.Null(unknown.SizeBytes);
        Assert.Equal("defaults", unknown.MountOptions);
    }

    [Fact]
    public void ASizeLimitAboveWhatThePodMayUseIsCappedByIt()
    {
        var pod = Pod("""[{"name":"cache","emptyDir":{"medium":"Memory","sizeLimit":"1Gi"}}]""",
            """[{"name":"a","resources":{"limits":{"memory":"256Mi"}}}]""");
        Assert.Equal([new MemoryVolume("cache", 256 * Mi)], MemoryVolume.Find(pod, 8 * Gi));
        var noLimit = Pod("""[{"name":"cache","emptyDir":{"medium":"Memory","sizeLimit":"16Gi"}}]""", Unlimited);
        Assert.Equal([new MemoryVolume("cache", 4 * Gi)], MemoryVolume.Find(noLimit, 8 * Gi));
    }

    [Fact]
    public void ALargerInitContainerLimitRaisesThePodsLimit()
    {
        var pod = Pod("""[{"name":"cache","emptyDir":{"medium":"Memory"}}]""",
            """[{"name":"a","resources":{"limits":{"memory":"64Mi"}}}]""",
            """[{"name":"setup","resources":{"limits":{"memory":"200Mi"}}},{"name":"other"}]""");
        Assert.Equal(200 * Mi, MemoryVolume.PodMemoryLimit(pod));
        Assert.Equal([new MemoryVolume("cache", 200 * Mi)], MemoryVolume.Find(pod, 8 * Gi));
    }

    [Fact]
    public void OnlyEmptyDirsOnMemoryAreFound()
    {
        var pod = Pod("""
            [{"name":"disk","emptyDir":{}},{"name":"medium-default","emptyDir":{"medium":""}},{"name":"host","hostPath":{"path":"/tmp"}},
             {"name":"ram","emptyDir":{"medium":"Memory","sizeLimit":"1Mi"}},{"emptyDir":{"medium":"Memory"}}]
            """, Unlimited);
        Assert.Equal([new MemoryVolume("ram", Mi)], MemoryVolume.Find(pod, 8 * Gi));
    }
}
