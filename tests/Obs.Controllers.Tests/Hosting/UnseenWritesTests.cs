using System.Text.Json.Nodes;
using Obs.Controllers.Hosting;
using Obs.Controllers.Tests.Hosting;

namespace Obs.Controllers.Tests.Hosting;

public sealed class UnseenWritesTests
{
    private readonly ManualTime _time = new();

    private static JsonObject Slice(string name, string resourceVersion) =>
        new() { ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "ns", ["resourceVersion"] = resourceVersion } };

    [Fact]
    public void AWriteIsUnseenUntilTheCacheHoldsThatVersionOrALaterOne()
    {
        var writes = new UnseenWrites(_time);
        writes.Wrote("ns/web", Slice("web-a", "10"));
        Assert.False(writes.Seen("ns/web", []));
        Assert.False(writes.Seen("ns/web", [Slice("web-a", "9")]));
        Assert.True(writes.Seen("ns/web", [Slice("web-a", "12")]));
        // Seen once is forgotten: the cache may move on (even to the slice's deletion) without holding the service back.
        Assert.True(writes.Seen("ns/web", []));
    }

    [Fact]
    public void ADeletedSliceIsUnseenWhileTheCacheStillHoldsIt()
    {
        var writes = new UnseenWrites(_time);
        writes.Deleting("ns/web", "web-a");
        Assert.False(writes.Seen("ns/web", [Slice("web-a", "10")]));
        Assert.True(writes.Seen("ns/web", []));
    }

    [Fact]
    public void TheInformersDeleteEventEndsTheWait()
    {
        var writes = new UnseenWrites(_time);
        writes.Wrote("ns/web", Slice("web-a", "10"));
        writes.Gone("ns/web", "web-a");
        Assert.True(writes.Seen("ns/web", []));
    }

    [Fact]
    public void AWriteNeverSeenStopsHoldingTheServiceAfterTheTtl()
    {
        var writes = new UnseenWrites(_time);
        writes.Wrote("ns/web", Slice("web-a", "10"));
        _time.Now += UnseenWrites.Ttl - TimeSpan.FromSeconds(1);
        Assert.False(writes.Seen("ns/web", []));
        _time.Now += TimeSpan.FromSeconds(2);
        Assert.True(writes.Seen("ns/web", []));
    }

    [Fact]
    public void ServicesAreTrackedApart()
    {
        var writes = new UnseenWrites(_time);
        writes.Wrote("ns/web", Slice("web-a", "10"));
        Assert.True(writes.Seen("ns/api", []));
        writes.Forget("ns/web");
        Assert.True(writes.Seen("ns/web", []));
    }
}
