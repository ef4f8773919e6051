using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Informers;
using Obs.Dashboard.Access;
using Obs.Dashboard.Cluster;

namespace Obs.Dashboard.Live;

/// <summary>
/// Turns the cluster cache's informer events into "topic changed" notices for the open /live
/// streams. One handler per informer for the whole dashboard (no informer or watch per browser),
/// and bursts are coalesced: a topic is announced at most once per <see cref="MinInterval"/>, so
/// a rollout of 500 pods costs each browser one re-fetch a second, not 500. Each change is offered to
/// the streams' filters (<see cref="LiveFilter"/>) as it happens, so a stream narrowed to one object or to
/// the events a list shows is told when any of the coalesced changes was one it wants, and only then.
/// A page opens its stream some time after it read the cache (a loaded browser: seconds), so changes are
/// numbered (<see cref="Sequence"/>): a stream that says which number its page saw (<see cref="LiveSince"/>)
/// is told at once of each topic that changed since, instead of missing those changes for good.
/// </summary>
public sealed class LiveHub
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly List<LiveSubscription> _subscriptions = [];
    private readonly Dictionary<string, TopicState> _topics = new(StringComparer.Ordinal);
    private long _sequence;

    public LiveHub(ClusterCache cache, TimeProvider time)
    {
        _time = time;
        foreach (var (topic, types) in LiveTopics.Sources)
        {
            foreach (var type in types)
            {
                void OnChange(JsonObject obj) => Changed(topic, obj, type);
                cache.Informer(type).AddHandler(new InformerHandler(OnChange, (_, obj) => OnChange(obj), OnChange));
            }
        }
    }

    public int Subscribers
    {
        get { lock (_lock) return _subscriptions.Count; }
    }

    /// <summary>The number of the latest change of any topic: what a page rendered now has seen.</summary>
    public long Sequence
    {
        get { lock (_lock) return _sequence; }
    }

    /// <param name="since">The <see cref="Sequence"/> the stream's page saw; each topic changed after it is announced at once to
    /// this stream (whatever its filter: one re-fetch too many at most), if the change was of something its user may list. A number this process never gave (the dashboard restarted
    /// since the page was rendered) announces every topic. Null: only changes from now on.</param>
    /// <param name="access">What the stream's user may read: a change of an object it may not list is never announced to it. Null: everything.</param>
    public LiveSubscription Subscribe(IReadOnlySet<string> topics, LiveFilter? filter = null, long? since = null, SessionAccess? access = null)
    {
        var subscription = new LiveSubscription(topics, filter, access);
        List<string> missed;
        // Under the lock that numbers changes: a change is either numbered before this (and caught up here) or finds the stream listening.
        lock (_lock)
        {
            _subscriptions.Add(subscription);
            missed = since is not { } seen ? [] : topics.Where(t => seen > _sequence || (_topics.TryGetValue(t, out var s) && s.ChangedSince(seen, subscription, t))).ToList();
        }
        subscription.Unsubscribe = () => { lock (_lock) _subscriptions.Remove(subscription); };
        foreach (var topic in missed) subscription.Notify(topic);
        return subscription;
    }

    /// <summary>
    /// Announces the topic now, or schedules it for when its interval is over; a notice already scheduled
    /// covers this change too. <paramref name="changed"/> null: the change is about nothing in particular (the
    /// alerts) and reaches every stream of the topic that may read it; otherwise the streams that want it and may see it
    /// (<paramref name="type"/> is the changed object's resource, which the streams' rules are asked about).
    /// </summary>
    public void Changed(string topic, JsonObject? changed = null, ResourceType? type = null)
    {
        LiveSubscription[] listening;
        lock (_lock)
        {
            Topic(topic).Changes[new ChangeScope(type, changed is null ? null : ObjectMeta.Namespace(changed))] = ++_sequence;
            listening = _subscriptions.Where(s => s.Hears(topic)).ToArray();
        }
        // The filters run outside the lock: they may read the cache (a pod's controllers).
        var wanting = changed is null ? null : listening.Where(s => s.Wants(topic, changed, type)).ToList();
        TimeSpan wait;
        lock (_lock)
        {
            var state = Topic(topic);
            if (wanting is null) state.Everyone = true;
            else state.Targets.UnionWith(wanting);
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
            targets = _subscriptions.Where(s => s.Hears(topic) && (state.Everyone ? s.MayHearAll(topic) : state.Targets.Contains(s))).ToArray();
            state.Pending = false;
            state.LastSent = _time.GetUtcNow();
            state.Everyone = false;
            state.Targets.Clear();
        }
        foreach (var subscription in targets) subscription.Notify(topic);
    }

    private TopicState Topic(string topic)
    {
        if (!_topics.TryGetValue(topic, out var state)) _topics[topic] = state = new TopicState();
        return state;
    }

    /// <summary>One topic's coalescing: whether a notice is scheduled, when the last went out, and which streams wanted the changes since.</summary>
    private sealed class TopicState
    {
        public bool Pending { get; set; }

        public DateTimeOffset LastSent { get; set; }

        /// <summary>
        /// The <see cref="Sequence"/> number of the topic's latest change of each resource in each namespace (a type and
        /// namespace of null: a change about nothing in particular), so a stream catching up is told only of changes its
        /// user may see. Bounded by resources × namespaces.
        /// </summary>
        public Dictionary<ChangeScope, long> Changes { get; } = [];

        public bool ChangedSince(long seen, LiveSubscription subscription, string topic)
        {
            foreach (var (scope, number) in Changes)
                if (number > seen && subscription.MaySee(topic, scope.Type, scope.Namespace)) return true;
            return false;
        }

        public bool Everyone { get; set; }

        public HashSet<LiveSubscription> Targets { get; } = [];
    }
}

/// <summary>Where a change happened: the changed object's resource and namespace (null for a cluster-scoped one).</summary>
internal readonly record struct ChangeScope(ResourceType? Type, string? Namespace);
