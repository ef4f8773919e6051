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

    private static List<string> Drain(LiveSubscription subscription)
    {
        var topics = new List<string>();
        while (subscription.Reader.TryRead(out var topic)) topics.Add(topic);
        return topics;
    }

    public void Dispose() => _client.Dispose();
}
