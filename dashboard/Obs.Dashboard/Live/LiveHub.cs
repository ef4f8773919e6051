using System.Text.Json.Nodes;
using Obs.Client.Informers;
using Obs.Dashboard.Cluster;

namespace Obs.Dashboard.Live;

/// <summary>
/// Turns the cluster cache's informer events into "topic changed" notices for the open /live
/// streams. One handler per informer for the whole dashboard (no informer or watch per browser),
/// and bursts are coalesced: a topic is announced at most once per <see cref="MinInterval"/>, so
/// a rollout of 500 pods costs each browser one re-fetch a second, not 500. The subjects of a
/// topic's changes (<see cref="LiveTopics.Subjects"/>) are gathered over the interval, so a stream
/// narrowed to one object is told when any of the coalesced changes was about it, and only then.
/// </summary>
public sealed class LiveHub
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly List<LiveSubscription> _subscriptions = [];
    private readonly Dictionary<string, TopicState> _topics = new(StringComparer.Ordinal);

    public LiveHub(ClusterCache cache, TimeProvider time)
    {
        _time = time;
        foreach (var (topic, types) in LiveTopics.Sources)
        {
            var subjects = LiveTopics.Subjects.GetValueOrDefault(topic);
            void OnChange(JsonObject obj) => Changed(topic, subjects?.Invoke(obj));
            var handler = new InformerHandler(OnChange, (_, obj) => OnChange(obj), OnChange);
            foreach (var type in types) cache.Informer(type).AddHandler(handler);
        }
    }

    public int Subscribers
    {
        get { lock (_lock) return _subscriptions.Count; }
    }

    public LiveSubscription Subscribe(IReadOnlySet<string> topics, IReadOnlySet<string>? about = null)
    {
        var subscription = new LiveSubscription(topics, about);
        lock (_lock) _subscriptions.Add(subscription);
        subscription.Unsubscribe = () => { lock (_lock) _subscriptions.Remove(subscription); };
        return subscription;
    }

    /// <summary>
    /// Announces the topic now, or schedules it for when its interval is over; a notice already scheduled
    /// covers this change too. <paramref name="subjects"/> null: the change is about nothing in particular and reaches every stream of the topic.
    /// </summary>
    public void Changed(string topic, IReadOnlyList<string>? subjects = null)
    {
        TimeSpan wait;
        lock (_lock)
        {
            if (!_topics.TryGetValue(topic, out var state)) _topics[topic] = state = new TopicState();
            if (subjects is null) state.Everyone = true;
            else state.Subjects.UnionWith(subjects);
            if (state.Pending) return;
            state.Pending = true;
            wait = state.LastSent + MinInterval - _time.GetUtcNow();
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
            var state = _topics[topic];
            var subjects = state.Everyone ? null : state.Subjects;
            targets = _subscriptions.Where(s => s.Wants(topic, subjects)).ToArray();
            state.Pending = false;
            state.LastSent = _time.GetUtcNow();
            state.Everyone = false;
            state.Subjects.Clear();
        }
        foreach (var subscription in targets) subscription.Notify(topic);
    }

    /// <summary>One topic's coalescing: whether a notice is scheduled, when the last went out, and what the changes since were about.</summary>
    private sealed class TopicState
    {
        public bool Pending { get; set; }

        public DateTimeOffset LastSent { get; set; }

        public bool Everyone { get; set; }

        public HashSet<string> Subjects { get; } = new(StringComparer.Ordinal);
    }
}
