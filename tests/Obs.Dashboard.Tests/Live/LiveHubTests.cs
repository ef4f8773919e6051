using Microsoft.Extensions.Time.Testing;
using Obs.Client.Config;
using Obs.Client.Rest;
using Obs.Dashboard.Cluster;
using Obs.Dashboard.Live;

namespace Obs.Dashboard.Tests.Live;

public sealed class LiveHubTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly ApiClient _client = new(ClusterConnection.Explicit("https://127.0.0.1:1", null, "t"));

    [Fact]
    public void BurstOfChangesIsOneNoticeNowAndOneWhenTheIntervalIsOver()
    {
        var hub = new LiveHub(new ClusterCache(_client), _time);
        using var pods = hub.Subscribe(new HashSet<string> { "pods" });

        for (var i = 0; i < 500; i++) hub.Changed("pods");
        var first = Drain(pods);
        _time.Advance(LiveHub.MinInterval);
        var second = Drain(pods);

        Assert.Equal(["pods"], first);
        Assert.Equal(["pods"], second);
    }

    [Fact]
    public void SubscriberHearsOnlyItsTopicsAndNothingAfterLeaving()
    {
        var hub = new LiveHub(new ClusterCache(_client), _time);
        var nodes = hub.Subscribe(new HashSet<string> { "nodes" });

        hub.Changed("pods");
        var unrelated = Drain(nodes);
        nodes.Dispose();
        hub.Changed("nodes");

        Assert.Empty(unrelated);
        Assert.Equal(0, hub.Subscribers);
        Assert.Empty(Drain(nodes));
    }

    [Fact]
    public void AStreamAboutOneObjectHearsItsEventsAndNotOthers()
    {
        var hub = new LiveHub(new ClusterCache(_client), _time);
        using var web = hub.Subscribe(new HashSet<string> { "events" }, new HashSet<string> { "Pod/shop/web" });
        using var api = hub.Subscribe(new HashSet<string> { "events" }, new HashSet<string> { "Pod/shop/api" });
        using var all = hub.Subscribe(new HashSet<string> { "events" });

        hub.Changed("events", ["Pod/shop/web"]);

        Assert.Equal(["events"], Drain(web));
        Assert.Empty(Drain(api));
        Assert.Equal(["events"], Drain(all));
    }

    [Fact]
    public void ABurstOfOtherObjectsEventsIsOneNoticeForTheObjectAmongThemAndNoneForTheRest()
    {
        var hub = new LiveHub(new ClusterCache(_client), _time);
        using var web = hub.Subscribe(new HashSet<string> { "events" }, new HashSet<string> { "Pod/shop/web" });
        using var quiet = hub.Subscribe(new HashSet<string> { "events" }, new HashSet<string> { "Pod/shop/quiet" });

        hub.Changed("events", ["Pod/shop/other-0"]);
        var afterFirst = Drain(web);
        for (var i = 1; i < 200; i++) hub.Changed("events", [$"Pod/shop/other-{i}"]);
        hub.Changed("events", ["Pod/shop/web"]);
        hub.Changed("events", ["Pod/shop/other-200"]);
        var beforeInterval = Drain(web);
        _time.Advance(LiveHub.MinInterval);

        Assert.Empty(afterFirst);
        Assert.Empty(beforeInterval);
        Assert.Equal(["events"], Drain(web));
        Assert.Empty(Drain(quiet));
        // The subjects went with the notice: the next interval starts with none.
        hub.Changed("events", ["Pod/shop/other-0"]);
        _time.Advance(LiveHub.MinInterval);
        Assert.Empty(Drain(web));
    }

    [Fact]
    public void AChangeAboutNothingInParticularReachesStreamsNarrowedToAnObject()
    {
        var hub = new LiveHub(new ClusterCache(_client), _time);
        using var page = hub.Subscribe(new HashSet<string> { "pods", "events" }, new HashSet<string> { "Pod/shop/web" });

        hub.Changed("pods");

        Assert.Equal(["pods"], Drain(page));
    }

    private static List<string> Drain(LiveSubscription subscription)
    {
        var topics = new List<string>();
        while (subscription.Reader.TryRead(out var topic)) topics.Add(topic);
        return topics;
    }

    public void Dispose() => _client.Dispose();
}
