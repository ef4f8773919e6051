using Obs.ApiServer.Storage;

namespace Obs.ApiServer.Cache;

/// <summary>
/// Every object of the cluster in memory, at one revision, plus a ring of the most recent
/// events. LIST and WATCH are served from here; the process's one change-feed reader is the
/// only writer (<see cref="Apply"/>), any number of requests read.
/// </summary>
/// <param name="ringCapacity">The most events the ring holds.</param>
/// <param name="watcherBacklog">Events a watcher may fall behind before it is closed.</param>
/// <param name="ringSupersededBytes">
/// The most bytes of versions the ring alone keeps alive: each update's previous version and each deleted
/// object's last one (current versions are the store's anyway). A burst of updates (a scheduler binding
/// 50,000 pods) otherwise keeps a whole superseded copy of every object; a watch from before the ring's
/// oldest event is replayed from the change log instead, as it is past the event count. Each version counts its own
/// bytes (<see cref="CachedObject.OwnBytes"/>: its managedFields' field sets are shared). The default, 16 MB,
/// is about 10,000 replaced pods: a few seconds of a burst at the scheduler's 2,000 bindings a second, and minutes
/// of a steady cluster's updates, which is as far back as a watch that reconnects at once needs; at 32 MB the
/// ring held a seventh of the apiserver's memory right after such a burst.
/// </param>
public sealed class WatchCache(int ringCapacity = 100_000, int watcherBacklog = 10_000, long ringSupersededBytes = WatchCache.DefaultRingSupersededBytes)
{
    public const long DefaultRingSupersededBytes = 16L << 20;

    private readonly Lock _lock = new();
    // Names are kept in a SortedList, not a tree: a LIST page starts with a binary search for the
    // key after the previous page (kubectl lists in pages of 500), and the arrays cost less memory
    // than tree nodes. Inserting shifts the array, a memmove that stays in microseconds.
    private readonly Dictionary<string, SortedDictionary<string, SortedList<string, CachedObject>>> _stores = [];
    private readonly CacheEvent?[] _ring = new CacheEvent?[ringCapacity];
    private int _ringHead; // index of the oldest event
    private int _ringCount;
    private long _ringFloor; // every event with a revision above this is in the ring
    private long _ringBytes; // what SupersededBytes counts, over the events in the ring
    private readonly Dictionary<string, List<Watcher>> _watchers = [];
    private readonly List<(long Revision, TaskCompletionSource Done)> _waiters = [];
    private long _revision;
    // Counts of changes per resource, and of reloads, for readers that keep something derived from a few resources
    // (the RBAC authorizer's parsed roles and bindings) and check whether it is still current on every request.
    private readonly Dictionary<string, long> _changeCounts = [];
    private long _loads;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The revision the cache reflects: every change at or below it has been applied.</summary>
    public long Revision { get { lock (_lock) return _revision; } }

    /// <summary>Events above this revision are in memory; a watch from an older one reads the log.</summary>
    public long RingFloor { get { lock (_lock) return _ringFloor; } }

    public bool IsReady => _ready.Task.IsCompleted;
    public Task Ready => _ready.Task;

    public int WatcherCount => Volatile.Read(ref _watcherCount);
    private int _watcherCount; // written under the lock, read without it on every watch's bookmark wait

    /// <summary>
    /// Sets the cache to a snapshot at <paramref name="revision"/>, plus <paramref name="missed"/> (changes at or
    /// below it the snapshot could not see), replacing whatever it held. Watch events start after
    /// it. At start-up call <see cref="MarkReady"/> next. A reload (the feed found the log compacted
    /// past its position) also forgets the events in memory and closes every watch: their clients
    /// watch again from their last revision, which the log still replays or answers with 410 Expired,
    /// and re-list, as kube-apiserver's watchers do when its cache is re-initialised.
    /// </summary>
    public void Load(IEnumerable<CachedObject> objects, long revision, IReadOnlyList<Change>? missed = null)
    {
        // In key order, each Put appends to its SortedList instead of shifting it.
        var ordered = objects.ToArray();
        Array.Sort(ordered, static (a, b) =>
        {
            var c = string.CompareOrdinal(a.Key.Resource, b.Key.Resource);
            if (c == 0) c = string.CompareOrdinal(a.Key.Namespace, b.Key.Namespace);
            return c != 0 ? c : string.CompareOrdinal(a.Key.Name, b.Key.Name);
        });
        var late = missed?.Select(c => CachedObject.FromStored(c.Key, c.Revision, c.Json)).ToList();
        List<Watcher> closed;
        List<TaskCompletionSource>? done;
        lock (_lock)
        {
            _stores.Clear();
            _loads++;
            foreach (var obj in ordered) Put(obj);
            for (var i = 0; i < (missed?.Count ?? 0); i++)
            {
                if (missed![i].Type == ChangeType.Deleted) Remove(missed[i].Key);
                else Put(late![i]);
            }
            Array.Clear(_ring);
            (_ringHead, _ringCount, _ringBytes) = (0, 0, 0);
            _revision = revision;
            _ringFloor = revision;
            closed = _watchers.Values.SelectMany(w => w).ToList();
            _watchers.Clear();
            Volatile.Write(ref _watcherCount, 0);
            done = TakeWaitersUpTo(_revision);
        }
        foreach (var w in closed) w.Close();
        if (done is not null) foreach (var d in done) d.TrySetResult();
    }

    /// <summary>Opens the cache to requests, once the start-up snapshot is complete.</summary>
    public void MarkReady() => _ready.TrySetResult();

    /// <summary>
    /// Applies changes in revision order. With <paramref name="silent"/> (changes a start-up
    /// snapshot missed, at or below the loaded revision) the state changes but no event is emitted.
    /// </summary>
    public void Apply(IReadOnlyList<Change> changes, long newRevision, bool silent = false)
    {
        // Parsing happens before the lock, so readers wait only for the swap.
        var objects = changes.Select(c => CachedObject.FromStored(c.Key, c.Revision, c.Json)).ToList();
        List<TaskCompletionSource>? done;
        lock (_lock)
        {
            for (var i = 0; i < changes.Count; i++)
            {
                var change = changes[i];
                var obj = objects[i];
                var previous = Find(change.Key);
                if (change.Type == ChangeType.Deleted) Remove(change.Key);
                else Put(obj);
                CountChange(change.Key.Resource);
                if (silent) continue;
                Publish(new CacheEvent(change.Type, obj, previous));
            }
            if (newRevision > _revision) _revision = newRevision;
            done = TakeWaitersUpTo(_revision);
        }
        if (done is not null) foreach (var d in done) d.TrySetResult();
    }

    /// <summary>
    /// Sets the cache's entry for a key to what <paramref name="latest"/> (its latest change at or below
    /// the cache's revision) says, for a change that arrived after the feed had passed its revision
    /// over. The event goes out now, out of revision order: late, rather than never. Returns whether
    /// anything changed.
    /// </summary>
    public bool Repair(Change latest)
    {
        var obj = CachedObject.FromStored(latest.Key, latest.Revision, latest.Json);
        lock (_lock)
        {
            var previous = Find(latest.Key);
            CacheEvent e;
            if (latest.Type == ChangeType.Deleted)
            {
                if (previous is null) return false;
                Remove(latest.Key);
                e = new CacheEvent(ChangeType.Deleted, obj, previous);
            }
            else
            {
                if (previous?.Revision == latest.Revision) return false;
                Put(obj);
                e = new CacheEvent(previous is null ? ChangeType.Added : ChangeType.Modified, obj, previous);
            }
            CountChange(latest.Key.Resource);
            Publish(e);
            return true;
        }
    }

    private void CountChange(string resource) => _changeCounts[resource] = _changeCounts.GetValueOrDefault(resource) + 1;

    /// <summary>
    /// A number that changes whenever an object of one of <paramref name="resources"/> is added, changed or
    /// removed, or the cache is reloaded: what a reader compares to know whether what it derived from them is stale.
    /// </summary>
    public long ChangeStamp(IReadOnlyList<string> resources)
    {
        lock (_lock)
        {
            var stamp = _loads;
            foreach (var r in resources) stamp += _changeCounts.GetValueOrDefault(r);
            return stamp;
        }
    }

    /// <summary>Removes and returns the waiters for revisions up to <paramref name="revision"/> (under the lock).</summary>
    private List<TaskCompletionSource>? TakeWaitersUpTo(long revision)
    {
        List<TaskCompletionSource>? done = null;
        for (var i = _waiters.Count - 1; i >= 0; i--)
        {
            if (_waiters[i].Revision > revision) continue;
            (done ??= []).Add(_waiters[i].Done);
            _waiters.RemoveAt(i);
        }
        return done;
    }

    /// <summary>Completes when the cache has applied every change up to <paramref name="revision"/>.</summary>
    public Task WaitForRevisionAsync(long revision, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_revision >= revision) return Task.CompletedTask;
            var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((revision, tcs));
            return tcs.Task.WaitAsync(cancellationToken);
        }
    }

    public CachedObject? Get(ObjectKey key)
    {
        lock (_lock) return Find(key);
    }

    /// <summary>
    /// Appends every object of <paramref name="resource"/>: the cluster-state metrics read them in
    /// place (and keep what they render per entry), holding the lock only while the references are copied.
    /// </summary>
    public void CopyObjects(string resource, List<CachedObject> into)
    {
        lock (_lock)
        {
            if (!_stores.TryGetValue(resource, out var byNamespace)) return;
            foreach (var names in byNamespace.Values)
            {
                foreach (var obj in names.Values) into.Add(obj);
            }
        }
    }

    /// <summary>The matching objects, ordered by namespace and name, and the revision they are at.</summary>
    public (List<CachedObject> Items, long Revision) List(string resource, WatchFilter filter)
    {
        lock (_lock)
        {
            var page = PageUnlocked(resource, filter, null, null);
            return (page.Items, page.Revision);
        }
    }

    /// <summary>
    /// One page of a LIST: at most <paramref name="limit"/> matching objects (all when null) whose key
    /// comes after <paramref name="after"/> (from the start when null), in namespace-then-name order,
    /// and whether more match beyond them. Finding the start is a binary search, so a list read in
    /// pages costs about what one read costs, not pages × objects.
    /// </summary>
    public ListPage ListPage(string resource, WatchFilter filter, (string Namespace, string Name)? after, int? limit)
    {
        lock (_lock) return PageUnlocked(resource, filter, after, limit);
    }

    private ListPage PageUnlocked(string resource, WatchFilter filter, (string Namespace, string Name)? after, int? limit)
    {
        var more = false;
        List<CachedObject> items;
        if (_stores.TryGetValue(resource, out var byNamespace))
        {
            if (filter.Namespace is null)
            {
                var stored = 0;
                foreach (var names in byNamespace.Values) stored += names.Count;
                items = new List<CachedObject>(Capacity(stored, limit));
                foreach (var (ns, names) in byNamespace)
                {
                    more = AddPage(items, ns, names, filter, after, limit);
                    if (more) break;
                }
            }
            else if (byNamespace.TryGetValue(filter.Namespace, out var names))
            {
                items = new List<CachedObject>(Capacity(names.Count, limit));
                more = AddPage(items, filter.Namespace, names, filter, after, limit);
            }
            else items = [];
        }
        else items = [];
        return new ListPage(items, _revision, more);
    }

    /// <summary>
    /// A page's first capacity: what it may hold, but no more than the objects there are. Admission lists a namespace's
    /// LimitRanges and ResourceQuotas and the PriorityClasses for every pod it creates, most often finding none or two,
    /// and a list sized for 64 each time was 3 % of what a pod create allocated.
    /// </summary>
    private static int Capacity(int stored, int? limit) => Math.Min(Math.Min(limit ?? 64, 4096), stored);

    /// <summary>
    /// Adds one namespace's part of a page. True when the page is full and a further object
    /// matched: there is more to read, and the page ends here.
    /// </summary>
    private static bool AddPage(List<CachedObject> items, string ns, SortedList<string, CachedObject> names, WatchFilter filter,
        (string Namespace, string Name)? after, int? limit)
    {
        var first = 0;
        if (after is { } a)
        {
            var order = string.CompareOrdinal(ns, a.Namespace);
            if (order < 0) return false;
            if (order == 0) first = FirstAfter(names, a.Name);
        }
        var values = names.Values;
        for (var i = first; i < values.Count; i++)
        {
            var o = values[i];
            if (!filter.Matches(o)) continue;
            if (items.Count == limit) return true;
            items.Add(o);
        }
        return false;
    }

    /// <summary>The index of the first name ordered after <paramref name="name"/>.</summary>
    private static int FirstAfter(SortedList<string, CachedObject> names, string name)
    {
        var keys = names.Keys;
        int lo = 0, hi = keys.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (string.CompareOrdinal(keys[mid], name) <= 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>
    /// Opens a watch. With <paramref name="fromRevision"/> null it starts with an ADDED event for
    /// every matching object, then follows changes; otherwise it replays every event after
    /// <paramref name="fromRevision"/>, which must not be below <see cref="RingFloor"/>
    /// (returns null then: the caller reads the older part from the log).
    /// <paramref name="before"/> are events the caller read from the log, queued first.
    /// </summary>
    public Watcher? Watch(string resource, WatchFilter filter, long? fromRevision, IReadOnlyList<WatchEvent>? before = null)
    {
        lock (_lock)
        {
            var initial = new List<WatchEvent>(before ?? []);
            if (fromRevision is null)
            {
                var items = PageUnlocked(resource, filter, null, null).Items;
                initial.AddRange(items.Select(o => new WatchEvent(WatchEventType.Added, o)));
            }
            else
            {
                if (fromRevision < _ringFloor) return null;
                ReplayRing(resource, fromRevision.Value, filter, initial);
            }
            var watcher = new Watcher(resource, filter, initial.Count + watcherBacklog, Unregister);
            foreach (var e in initial) watcher.Enqueue(e);
            if (!_watchers.TryGetValue(resource, out var list)) _watchers[resource] = list = [];
            list.Add(watcher);
            Volatile.Write(ref _watcherCount, _watcherCount + 1);
            return watcher;
        }
    }

    private void ReplayRing(string resource, long fromRevision, WatchFilter filter, List<WatchEvent> into)
    {
        var probe = new Watcher(resource, filter, int.MaxValue, _ => { });
        for (var i = 0; i < _ringCount; i++)
        {
            var e = _ring[(_ringHead + i) % _ring.Length]!;
            if (e.Revision <= fromRevision || e.Resource != resource) continue;
            probe.Offer(e);
        }
        probe.Dispose();
        while (probe.Events.TryRead(out var we)) into.Add(we);
    }

    private void Unregister(Watcher watcher)
    {
        lock (_lock)
        {
            if (_watchers.TryGetValue(watcher.Resource, out var list) && list.Remove(watcher)) Volatile.Write(ref _watcherCount, _watcherCount - 1);
        }
    }

    /// <summary>Keeps the event for replays and hands it to the resource's watchers (under the lock).</summary>
    private void Publish(CacheEvent e)
    {
        AppendToRing(e);
        if (_watchers.TryGetValue(e.Resource, out var list))
        {
            foreach (var w in list) w.Offer(e);
        }
    }

    private void AppendToRing(CacheEvent e)
    {
        var bytes = SupersededBytes(e);
        while (_ringCount == _ring.Length || (_ringCount > 0 && _ringBytes + bytes > ringSupersededBytes))
        {
            var oldest = _ring[_ringHead]!;
            _ring[_ringHead] = null;
            _ringFloor = oldest.Revision;
            _ringBytes -= SupersededBytes(oldest);
            _ringHead = (_ringHead + 1) % _ring.Length;
            _ringCount--;
        }
        _ring[(_ringHead + _ringCount) % _ring.Length] = e;
        _ringCount++;
        _ringBytes += bytes;
    }

    /// <summary>The bytes only this event keeps alive: the version an update replaced, a deleted object's last state.</summary>
    private static long SupersededBytes(CacheEvent e) =>
        (e.Previous?.OwnBytes ?? 0) + (e.Type == ChangeType.Deleted ? e.Object.OwnBytes : 0);

    private CachedObject? Find(ObjectKey key) =>
        _stores.TryGetValue(key.Resource, out var byNamespace) && byNamespace.TryGetValue(key.Namespace, out var names) &&
        names.TryGetValue(key.Name, out var obj)
            ? obj
            : null;

    private void Put(CachedObject obj)
    {
        if (!_stores.TryGetValue(obj.Key.Resource, out var byNamespace))
            _stores[obj.Key.Resource] = byNamespace = new(StringComparer.Ordinal);
        if (!byNamespace.TryGetValue(obj.Key.Namespace, out var names))
            byNamespace[obj.Key.Namespace] = names = new(StringComparer.Ordinal);
        // The object is not published yet (readers reach it through the store or an event, under the lock).
        if (names.Count > 0)
        {
            var previous = names.TryGetValue(obj.Key.Name, out var same) ? same : null;
            var neighbour = (previous ?? names.Values[0]).Key;
            obj.ShareKeyStrings(neighbour.Resource, neighbour.Namespace, previous?.Key.Name ?? obj.Key.Name);
        }
        names[obj.Key.Name] = obj;
    }

    private void Remove(ObjectKey key)
    {
        if (_stores.TryGetValue(key.Resource, out var byNamespace) && byNamespace.TryGetValue(key.Namespace, out var names))
        {
            names.Remove(key.Name);
            if (names.Count == 0) byNamespace.Remove(key.Namespace);
        }
    }
}
