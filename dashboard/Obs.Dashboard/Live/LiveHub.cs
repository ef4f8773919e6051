using Obs.Client.Informers;
using Obs.Dashboard.Cluster;

namespace Obs.Dashboard.Live;

/// <summary>
/// Turns the cluster cache's informer events into "topic changed" notices for the open /live
/// streams. One handler per informer for the whole dashboard (no informer or watch per browser),
/// and bursts are coalesced: a topic is announced at most once per <see cref="MinInterval"/>, so
/// a rollout of 500 pods costs each browser one re-fetch a second, not 500.
/// </summary>
public sealed class LiveHub
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly List<LiveSubscription> _subscriptions = [];
    private readonly Dictionary<string, (bool Pending, DateTimeOffset LastSent)> _topics = new(StringComparer.Ordinal);

    public LiveHub(ClusterCache cache, TimeProvider time)
    {
        _time = time;
        foreach (var (topic, types) in LiveTopics.Sources)
        {
            var handler = new InformerHandler(_ => Changed(topic), (_, _) => Changed(topic), _ => Changed(topic));
            foreach (var type in types) cache.Informer(type).AddHandler(handler);
        }
    }

    public int Subscribers
    {
        get { lock (_lock) return _subscriptions.Count; }
    }

    public LiveSubscription Subscribe(IReadOnlySet<string> topics)
    {
        var subscription = new LiveSubscription(topics);
        lock (_lock) _subscriptions.Add(subscription);
        subscription.Unsubscribe = () => { lock (_lock) _subscriptions.Remove(subscription); };
        return subscription;
    }

    /// <summary>Announces the topic now, or schedules it for when its interval is over; a notice already scheduled covers this change too.</summary>
    public void Changed(string topic)
    {
        TimeSpan wait;
        lock (_lock)
        {
            var state = _topics.GetValueOrDefault(topic);
            if (state.Pending) return;
            wait = state.LastSent + MinInterval - _time.GetUtcNow();
            _topics[topic] = (true, state.LastSent);
        }
        if (wait <= TimeSpan.Zero)
        {
            Send(topic);
            return;
        }
        ITimer? timer = null;
        timer = _time.CreateTimer(_ =>
        {
            Send(topic);
            timer?.Dispose();
        }, null, wait, Timeout.InfiniteTimeSpan);
    }

    private void Send(string topic)
    {
        LiveSubscription[] targets;
        lock (_lock)
        {
            _topics[topic] = (false, _time.GetUtcNow());
            targets = _subscriptions.Where(s => s.Wants(topic)).ToArray();
        }
        foreach (var subscription in targets) subscription.Notify(topic);
    }
}
