using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Obs.Api.Resources;
using Obs.Client.Config;
using Obs.Client.Rest;
using Obs.Dashboard.Cluster;
using Obs.Dashboard.Live;
using Obs.Dashboard.Pages.Events;

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
        var (hub, cache) = Hub();
        using var web = hub.Subscribe(new HashSet<string> { "events" }, About(cache, "Pod/shop/web"));
        using var api = hub.Subscribe(new HashSet<string> { "events" }, About(cache, "Pod/shop/api"));
        using var all = hub.Subscribe(new HashSet<string> { "events" });

        hub.Changed("events", Event("web", "Warning", "BackOff"));

        Assert.Equal(["events"], Drain(web));
        Assert.Empty(Drain(api));
        Assert.Equal(["events"], Drain(all));
    }

    [Fact]
    public void ABurstOfOtherObjectsEventsIsOneNoticeForTheObjectAmongThemAndNoneForTheRest()
    {
        var (hub, cache) = Hub();
        using var web = hub.Subscribe(new HashSet<string> { "events" }, About(cache, "Pod/shop/web"));
        using var quiet = hub.Subscribe(new HashSet<string> { "events" }, About(cache, "Pod/shop/quiet"));

        hub.Changed("events", Event("other-0"));
        var afterFirst = Drain(web);
        for (var i = 1; i < 200; i++) hub.Changed("events", Event($"other-{i}"));
        hub.Changed("events", Event("web"));
        hub.Changed("events", Event("other-200"));
        var beforeInterval = Drain(web);
        _time.Advance(LiveHub.MinInterval);

        Assert.Empty(afterFirst);
        Assert.Empty(beforeInterval);
        Assert.Equal(["events"], Drain(web));
        Assert.Empty(Drain(quiet));
        // The wanting streams went with the notice: the next interval starts with none.
        hub.Changed("events", Event("other-0"));
        _time.Advance(LiveHub.MinInterval);
        Assert.Empty(Drain(web));
    }

    [Fact]
    public void AChangeAboutNothingInParticularReachesStreamsNarrowedToAnObject()
    {
        var (hub, cache) = Hub();
        using var page = hub.Subscribe(new HashSet<string> { "alerts", "events" }, About(cache, "Pod/shop/web"));

        hub.Changed("alerts");

        Assert.Equal(["alerts"], Drain(page));
    }

    [Fact]
    public void APodPageHearsItsOwnPodChangeAndNoneOfTheClustersOtherPods()
    {
        var (hub, cache) = Hub();
        using var page = hub.Subscribe(new HashSet<string> { "pods", "events" }, About(cache, "Pod/shop/web"));
        using var list = hub.Subscribe(new HashSet<string> { "pods" });

        for (var i = 0; i < 50; i++) hub.Changed("pods", Pod($"other-{i}"));
        var others = Drain(page);
        var listHeard = Drain(list);
        _time.Advance(LiveHub.MinInterval);
        hub.Changed("pods", Pod("web"));
        _time.Advance(LiveHub.MinInterval);

        Assert.Empty(others);
        Assert.Equal(["pods"], listHeard);
        Assert.Equal(["pods"], Drain(page));
    }

    [Fact]
    public void AWorkloadPageHearsTheChangesOfThePodsItRunsThroughItsReplicaSetsOnly()
    {
        var (hub, cache) = Hub();
        cache.Informer(ResourceTypes.ReplicaSet).Store.Upsert(new JsonObject
        {
            ["kind"] = "ReplicaSet",
            ["metadata"] = new JsonObject { ["name"] = "web-5d9", ["namespace"] = "shop", ["ownerReferences"] = Owner("Deployment", "web") },
        });
        using var web = hub.Subscribe(new HashSet<string> { "pods", "workloads", "events" }, About(cache, "Deployment/shop/web"));
        using var api = hub.Subscribe(new HashSet<string> { "pods", "workloads", "events" }, About(cache, "Deployment/shop/api"));

        hub.Changed("pods", Pod("web-5d9-x1", Owner("ReplicaSet", "web-5d9")));

        Assert.Equal(["pods"], Drain(web));
        Assert.Empty(Drain(api));
    }

    [Fact]
    public void TheEventsListHearsOnlyTheEventsItsFiltersShow()
    {
        var (hub, cache) = Hub();
        var warnings = new EventQuery(null, "Pod", "web", "Warning", null, null, 1);
        using var list = hub.Subscribe(new HashSet<string> { "events" }, new LiveFilter(new HashSet<string>(), warnings, cache));

        hub.Changed("events", Event("web", "Normal", "Pulled"));
        hub.Changed("events", Event("api", "Warning", "BackOff"));
        var unmatched = Drain(list);
        _time.Advance(LiveHub.MinInterval);
        hub.Changed("events", Event("web", "Warning", "BackOff"));
        _time.Advance(LiveHub.MinInterval);

        Assert.Empty(unmatched);
        Assert.Equal(["events"], Drain(list));
    }

    [Fact]
    public void AStreamIsToldAtOnceOfTheTopicsThatChangedAfterItsPageWasRendered()
    {
        var (hub, _) = Hub();
        var rendered = hub.Sequence;
        hub.Changed("pods", Pod("web"));
        hub.Changed("nodes");

        using var late = hub.Subscribe(new HashSet<string> { "pods", "workloads" }, null, rendered);
        using var current = hub.Subscribe(new HashSet<string> { "pods" }, null, hub.Sequence);
        using var unnumbered = hub.Subscribe(new HashSet<string> { "pods" });

        Assert.Equal(["pods"], Drain(late));
        Assert.Empty(Drain(current));
        Assert.Empty(Drain(unnumbered));
    }

    [Fact]
    public void APageRenderedBeforeTheDashboardRestartedHearsEveryTopicItAsks()
    {
        var (hub, _) = Hub();

        using var stream = hub.Subscribe(new HashSet<string> { "pods", "nodes" }, null, since: 42);

        Assert.Equal(["nodes", "pods"], Drain(stream).Order(StringComparer.Ordinal));
    }

    private (LiveHub Hub, ClusterCache Cache) Hub()
    {
        var cache = new ClusterCache(_client);
        return (new LiveHub(cache, _time), cache);
    }

    private static LiveFilter About(ClusterCache cache, params string[] subjects) => new(subjects.ToHashSet(), null, cache);

    private static JsonObject Event(string pod, string type = "Normal", string reason = "Pulled") => new()
    {
        ["kind"] = "Event",
        ["metadata"] = new JsonObject { ["name"] = $"{pod}.{Guid.NewGuid():N}", ["namespace"] = "shop" },
        ["involvedObject"] = new JsonObject { ["kind"] = "Pod", ["namespace"] = "shop", ["name"] = pod },
        ["type"] = type,
        ["reason"] = reason,
    };

    private static JsonObject Pod(string name, JsonArray? owners = null)
    {
        var meta = new JsonObject { ["name"] = name, ["namespace"] = "shop" };
        if (owners is not null) meta["ownerReferences"] = owners;
        return new JsonObject { ["kind"] = "Pod", ["metadata"] = meta };
    }

    private static JsonArray Owner(string kind, string name) => new(new JsonObject { ["kind"] = kind, ["name"] = name, ["controller"] = true });

    private static List<string> Drain(LiveSubscription subscription)
    {
        var topics = new List<string>();
        while (subscription.Reader.TryRead(out var topic)) topics.Add(topic);
        return topics;
    }

    public void Dispose() => _client.Dispose();
}
