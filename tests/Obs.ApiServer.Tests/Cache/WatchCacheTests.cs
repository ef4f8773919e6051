using System.Text;
using Obs.ApiServer.Cache;
using Obs.ApiServer.Storage;
using static Obs.ApiServer.Tests.Storage.StoredText;

namespace Obs.ApiServer.Tests.Cache;

public sealed class WatchCacheTests
{
    private static Change Change(long rv, string name, ChangeType type, string? app = null, string ns = "default") =>
        new(rv, new ObjectKey("configmaps", ns, name), type,
            Stored(app is null ? "{\"metadata\":{\"name\":\"" + name + "\"}}" : "{\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"app\":\"" + app + "\"}}}"));

    private static WatchCache Loaded(int ring = 100)
    {
        var cache = new WatchCache(ring);
        cache.Load([], 10);
        cache.MarkReady();
        return cache;
    }

    private static List<(WatchEventType, string)> Drain(Watcher w)
    {
        var events = new List<(WatchEventType, string)>();
        while (w.Events.TryRead(out var e)) events.Add((e.Type, e.Object.Key.Name));
        return events;
    }

    [Fact]
    public void AppliedChangesSetTheRevisionAndTheResourceVersionOfTheCachedObject()
    {
        var cache = Loaded();
        cache.Apply([Change(11, "a", ChangeType.Added)], 11);
        var obj = cache.Get(new ObjectKey("configmaps", "default", "a"))!;
        Assert.Equal(11, cache.Revision);
        Assert.Contains("\"resourceVersion\":\"11\"", Encoding.UTF8.GetString(obj.ToJson()));
    }

    /// <summary>Keys come from each request or row as new strings: the cache keeps one copy of each resource's, namespace's and object's name.</summary>
    [Fact]
    public void CachedVersionsShareTheKeyStringsOfTheirNamespaceAndName()
    {
        var cache = Loaded();
        cache.Apply([Change(11, "a", ChangeType.Added, ns: new string("team".AsSpan()))], 11);
        cache.Apply([Change(12, new string("b".AsSpan()), ChangeType.Added, ns: new string("team".AsSpan()))], 12);
        cache.Apply([Change(13, new string("b".AsSpan()), ChangeType.Modified, app: "x", ns: new string("team".AsSpan()))], 13);
        var a = cache.Get(new ObjectKey("configmaps", "team", "a"))!.Key;
        var b = cache.Get(new ObjectKey("configmaps", "team", "b"))!;
        var w = cache.Watch("configmaps", WatchFilter.Everything, 11)!;
        var added = w.Events.TryRead(out var first) ? first.Object.Key : default;

        Assert.Same(a.Namespace, b.Key.Namespace);
        Assert.Same(a.Resource, b.Key.Resource);
        Assert.Same(added.Name, b.Key.Name);
        Assert.Contains("\"app\":\"x\"", Encoding.UTF8.GetString(b.ToJson()));
    }

    [Fact]
    public void ListsAreOrderedByNamespaceThenNameAndFilteredByNamespace()
    {
        var cache = Loaded();
        cache.Apply([Change(11, "b", ChangeType.Added), Change(12, "a", ChangeType.Added, ns: "z"), Change(13, "a", ChangeType.Added)], 13);
        Assert.Equal(["default/a", "default/b", "z/a"], cache.List("configmaps", WatchFilter.Everything).Items.Select(o => $"{o.Key.Namespace}/{o.Key.Name}"));
        Assert.Equal(["a"], cache.List("configmaps", new WatchFilter("z", null)).Items.Select(o => o.Key.Name));
    }

    [Fact]
    public void PagesFollowEachOtherAcrossNamespacesWithoutGapsOrRepeats()
    {
        var cache = Loaded();
        var rv = 10;
        // "a-b" sorts before "a" joined with '/', but after it as a namespace: pages must not skip it.
        foreach (var (ns, name) in new[] { ("a", "x"), ("a", "y"), ("a-b", "x"), ("b", "m"), ("b", "n"), ("b", "o"), ("c", "z") })
            cache.Apply([Change(++rv, name, ChangeType.Added, ns: ns)], rv);

        var seen = new List<string>();
        (string, string)? after = null;
        var pages = 0;
        while (true)
        {
            var page = cache.ListPage("configmaps", WatchFilter.Everything, after, 2);
            pages++;
            seen.AddRange(page.Items.Select(o => $"{o.Key.Namespace}/{o.Key.Name}"));
            if (!page.More) break;
            after = (page.Items[^1].Key.Namespace, page.Items[^1].Key.Name);
        }
        Assert.Equal(["a/x", "a/y", "a-b/x", "b/m", "b/n", "b/o", "c/z"], seen);
        Assert.Equal(4, pages);
    }

    [Fact]
    public void APageThatEndsExactlyAtTheLastMatchSaysThereIsNoMore()
    {
        var cache = Loaded();
        cache.Apply([Change(11, "a", ChangeType.Added, "web"), Change(12, "b", ChangeType.Added, "web"), Change(13, "c", ChangeType.Added, "db")], 13);
        var web = new WatchFilter(null, o => o.Label("app") == "web");

        var page = cache.ListPage("configmaps", web, null, 2);
        Assert.Equal(["a", "b"], page.Items.Select(o => o.Key.Name));
        Assert.False(page.More);
        Assert.True(cache.ListPage("configmaps", WatchFilter.Everything, null, 2).More);
    }

    [Fact]
    public void APageStartsAfterAKeyThatNoLongerExists()
    {
        var cache = Loaded();
        cache.Apply([Change(11, "a", ChangeType.Added), Change(12, "c", ChangeType.Added), Change(13, "e", ChangeType.Added, ns: "other")], 13);
        var page = cache.ListPage("configmaps", WatchFilter.Everything, ("default", "b"), null);
        Assert.Equal(["c", "e"], page.Items.Select(o => o.Key.Name));
        Assert.Equal(["c"], cache.ListPage("configmaps", new WatchFilter("default", null), ("default", "b"), 5).Items.Select(o => o.Key.Name));
        Assert.Empty(cache.ListPage("configmaps", WatchFilter.Everything, ("zzz", ""), 5).Items);
    }

    [Fact]
    public void ALoadInAnyOrderListsInKeyOrder()
    {
        var cache = new WatchCache(100);
        var objects = new[] { ("b", "z"), ("a", "y"), ("b", "a"), ("a", "b") }
            .Select((k, i) => CachedObject.FromStored(new ObjectKey("configmaps", k.Item1, k.Item2), i + 1, Stored("{\"metadata\":{\"name\":\"" + k.Item2 + "\"}}")));
        cache.Load(objects, 10);
        Assert.Equal(["a/b", "a/y", "b/a", "b/z"], cache.List("configmaps", WatchFilter.Everything).Items.Select(o => $"{o.Key.Namespace}/{o.Key.Name}"));
    }

    [Fact]
    public void AWatchWithASelectorSeesObjectsEnterAndLeaveItsView()
    {
        var cache = Loaded();
        using var w = cache.Watch("configmaps", new WatchFilter(null, o => o.Label("app") == "web"), 10)!;
        cache.Apply([Change(11, "a", ChangeType.Added, "db")], 11);
        cache.Apply([Change(12, "a", ChangeType.Modified, "web")], 12);
        cache.Apply([Change(13, "a", ChangeType.Modified, "web")], 13);
        cache.Apply([Change(14, "a", ChangeType.Modified, "db")], 14);
        cache.Apply([Change(15, "a", ChangeType.Deleted, "db")], 15);
        Assert.Equal([(WatchEventType.Added, "a"), (WatchEventType.Modified, "a"), (WatchEventType.Deleted, "a")], Drain(w));
    }

    [Fact]
    public void AWatchFromARevisionReplaysOnlyLaterEventsOfItsResource()
    {
        var cache = Loaded();
        cache.Apply([Change(11, "a", ChangeType.Added), Change(12, "b", ChangeType.Added)], 12);
        cache.Apply([new Change(13, new ObjectKey("secrets", "default", "s"), ChangeType.Added, Stored("""{"metadata":{"name":"s"}}"""))], 13);
        using var w = cache.Watch("configmaps", WatchFilter.Everything, 11)!;
        Assert.Equal([(WatchEventType.Added, "b")], Drain(w));
    }

    [Fact]
    public void AWatchWithoutARevisionStartsWithTheCurrentObjects()
    {
        var cache = Loaded();
        cache.Apply([Change(11, "a", ChangeType.Added), Change(12, "b", ChangeType.Added), Change(13, "a", ChangeType.Deleted)], 13);
        using var w = cache.Watch("configmaps", WatchFilter.Everything, null)!;
        Assert.Equal([(WatchEventType.Added, "b")], Drain(w));
    }

    [Fact]
    public void ARevisionOlderThanTheRingIsRefusedSoTheCallerReadsTheLog()
    {
        var cache = Loaded(ring: 2);
        cache.Apply([Change(11, "a", ChangeType.Added), Change(12, "b", ChangeType.Added), Change(13, "c", ChangeType.Added)], 13);
        Assert.Equal(11, cache.RingFloor);
        Assert.Null(cache.Watch("configmaps", WatchFilter.Everything, 10));
        Assert.NotNull(cache.Watch("configmaps", WatchFilter.Everything, 11));
    }

    [Fact]
    public void TheRingKeepsOnlyABudgetOfReplacedVersionsAndCreatesCostItNothing()
    {
        var objectBytes = Encoding.UTF8.GetByteCount("{\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"11\"}}");
        var cache = new WatchCache(100, ringSupersededBytes: 2 * objectBytes);
        cache.Load([], 10);
        cache.MarkReady();
        // Creates keep no version the store does not: however many, the ring keeps them all.
        cache.Apply([Change(11, "a", ChangeType.Added), Change(12, "b", ChangeType.Added), Change(13, "c", ChangeType.Added)], 13);
        Assert.Equal(10, cache.RingFloor);
        // Each update keeps the version it replaced: the third pushes the oldest events out of the ring.
        cache.Apply([Change(14, "a", ChangeType.Modified), Change(15, "b", ChangeType.Modified)], 15);
        Assert.Equal(10, cache.RingFloor);
        cache.Apply([Change(16, "c", ChangeType.Modified)], 16);
        Assert.Equal(14, cache.RingFloor);
        Assert.Null(cache.Watch("configmaps", WatchFilter.Everything, 13));
        var watcher = cache.Watch("configmaps", WatchFilter.Everything, 14)!;
        Assert.Equal([(WatchEventType.Modified, "b"), (WatchEventType.Modified, "c")], Drain(watcher));
        // A deleted object's last state is kept by the ring alone too.
        cache.Apply([Change(17, "a", ChangeType.Deleted)], 17);
        Assert.Equal(16, cache.RingFloor);
    }

    [Fact]
    public async Task WaitingForARevisionCompletesWhenItIsApplied()
    {
        var cache = Loaded();
        var wait = cache.WaitForRevisionAsync(12, CancellationToken.None);
        cache.Apply([Change(11, "a", ChangeType.Added)], 11);
        Assert.False(wait.IsCompleted);
        cache.Apply([Change(12, "b", ChangeType.Added)], 12);
        await wait.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void SilentChangesUpdateStateButEmitNothing()
    {
        var cache = Loaded();
        using var w = cache.Watch("configmaps", WatchFilter.Everything, 10)!;
        cache.Apply([Change(9, "late", ChangeType.Added)], 10, silent: true);
        Assert.NotNull(cache.Get(new ObjectKey("configmaps", "default", "late")));
        Assert.Empty(Drain(w));
    }

    [Fact]
    public void AWatcherThatFallsTooFarBehindIsClosed()
    {
        var cache = new WatchCache(100, watcherBacklog: 2);
        cache.Load([], 10);
        using var w = cache.Watch("configmaps", WatchFilter.Everything, 10)!;
        cache.Apply([Change(11, "a", ChangeType.Added), Change(12, "b", ChangeType.Added), Change(13, "c", ChangeType.Added)], 13);
        Assert.True(w.Overflowed);
    }

    [Fact]
    public void TheWatcherCountFollowsWatchesOpenedDisposedAndClosedByAReload()
    {
        var cache = Loaded();
        var a = cache.Watch("configmaps", WatchFilter.Everything, 10)!;
        using var b = cache.Watch("secrets", WatchFilter.Everything, 10)!;
        Assert.Equal(2, cache.WatcherCount);
        a.Dispose();
        a.Dispose();
        Assert.Equal(1, cache.WatcherCount);
        cache.Load([], 20);
        Assert.Equal(0, cache.WatcherCount);
        b.Dispose();
        Assert.Equal(0, cache.WatcherCount);
    }
}
