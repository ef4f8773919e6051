using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Informers;
using Obs.Client.Queues;
using Obs.Client.Rest;
using Obs.Testing;

namespace Obs.Client.Tests.Informers;

/// <summary>Informers against a real apiserver: list, then watch, store and handlers in step.</summary>
public sealed class InformerTests(TestCluster cluster) : IClassFixture<TestCluster>, IDisposable
{
    private readonly ApiClient _client = TestClients.For(cluster);

    public void Dispose() => _client.Dispose();

    private static readonly Dictionary<string, Func<JsonObject, IEnumerable<string>>> ByNode = new()
    {
        ["node"] = StoreIndexers.ByField("data", "node"),
    };

    [Fact]
    public async Task SyncsWhatExistsThenFollowsChanges()
    {
        var ns = await TestClients.CreateNamespaceAsync(_client);
        foreach (var name in new[] { "a", "b", "c" })
            await _client.CreateAsync(ResourceTypes.ConfigMap, TestClients.ConfigMap(name, ns, new Dictionary<string, string> { ["node"] = name == "a" ? "n1" : "n2" }));

        var informer = new Informer(_client, ResourceTypes.ConfigMap, new InformerOptions { Namespace = ns, PageSize = 2, Indexers = ByNode });
        var handler = new RecordingHandler();
        informer.AddHandler(handler);
        using var queue = new WorkQueue<string>();
        informer.AddHandler(InformerHandler.Enqueue(queue.Add));
        Assert.False(informer.HasSynced);
        using var stop = new CancellationTokenSource();
        var running = informer.RunAsync(stop.Token);

        await informer.WaitForSyncAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(informer.HasSynced);
        Assert.Equal([$"{ns}/a", $"{ns}/b", $"{ns}/c"], informer.Store.Keys().Order());
        Assert.Equal(["add:a", "add:b", "add:c"], handler.Events.Order());
        Assert.Equal(["a"], informer.Lister.ByIndex("node", "n1").Select(ObjectMeta.Name));
        Assert.Equal(3, queue.Count);

        await _client.CreateAsync(ResourceTypes.ConfigMap, TestClients.ConfigMap("d", ns));
        var a = await _client.GetAsync(ResourceTypes.ConfigMap, ns, "a");
        a["data"]!["node"] = "n2";
        var updated = await _client.UpdateAsync(ResourceTypes.ConfigMap, a);
        await _client.DeleteAsync(ResourceTypes.ConfigMap, ns, "b");

        await TestClients.EventuallyAsync(() => handler.Saw("delete:b"), "the delete of b");
        Assert.Equal(["add:a", "add:b", "add:c", "add:d", "update:a", "delete:b"], handler.Events);
        Assert.Equal([$"{ns}/a", $"{ns}/c", $"{ns}/d"], informer.Store.Keys().Order());
        Assert.Empty(informer.Lister.ByIndex("node", "n1"));
        Assert.Equal(["a", "c"], informer.Lister.ByIndex("node", "n2").Select(ObjectMeta.Name).Order());
        Assert.Equal(ObjectMeta.ResourceVersion(updated), ObjectMeta.ResourceVersion(informer.Lister.Get(ns, "a")));
        Assert.Equal("ConfigMap", informer.Lister.Get(ns, "c")!.StringAt("kind"));
        Assert.Equal(4, queue.Count); // a, b, c queued at sync; d added; a and b again are deduplicated

        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task HandlerAddedAfterSyncHearsTheObjectsAlreadyThere()
    {
        var ns = await TestClients.CreateNamespaceAsync(_client);
        await _client.CreateAsync(ResourceTypes.ConfigMap, TestClients.ConfigMap("x", ns));
        var informer = new Informer(_client, ResourceTypes.ConfigMap, new InformerOptions { Namespace = ns });
        using var stop = new CancellationTokenSource();
        var running = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync().WaitAsync(TimeSpan.FromSeconds(20));
        var late = new RecordingHandler();
        informer.AddHandler(late);
        Assert.Equal(["add:x"], late.Events);
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ResyncHandsEveryObjectToOnUpdateAgain()
    {
        var ns = await TestClients.CreateNamespaceAsync(_client);
        await _client.CreateAsync(ResourceTypes.ConfigMap, TestClients.ConfigMap("x", ns));
        var informer = new Informer(_client, ResourceTypes.ConfigMap, new InformerOptions { Namespace = ns, ResyncPeriod = TimeSpan.FromMilliseconds(100) });
        var handler = new RecordingHandler();
        informer.AddHandler(handler);
        using var stop = new CancellationTokenSource();
        var running = informer.RunAsync(stop.Token);
        await TestClients.EventuallyAsync(() => handler.Events.Count(e => e == "resync:x") >= 2, "two resyncs");
        Assert.Equal("add:x", handler.Events.First());
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task LabelSelectorLimitsWhatTheInformerHolds()
    {
        var ns = await TestClients.CreateNamespaceAsync(_client);
        await _client.CreateAsync(ResourceTypes.ConfigMap, TestClients.ConfigMap("in", ns, labels: new Dictionary<string, string> { ["pick"] = "yes" }));
        await _client.CreateAsync(ResourceTypes.ConfigMap, TestClients.ConfigMap("out", ns));
        var informer = new Informer(_client, ResourceTypes.ConfigMap, new InformerOptions { Namespace = ns, LabelSelector = "pick=yes" });
        var handler = new RecordingHandler();
        informer.AddHandler(handler);
        using var stop = new CancellationTokenSource();
        var running = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync().WaitAsync(TimeSpan.FromSeconds(20));
        await _client.CreateAsync(ResourceTypes.ConfigMap, TestClients.ConfigMap("in2", ns, labels: new Dictionary<string, string> { ["pick"] = "yes" }));
        await _client.CreateAsync(ResourceTypes.ConfigMap, TestClients.ConfigMap("out2", ns));
        await TestClients.EventuallyAsync(() => handler.Saw("add:in2"), "in2");
        Assert.Equal([$"{ns}/in", $"{ns}/in2"], informer.Store.Keys().Order());
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task TransformShapesWhatTheStoreKeepsAndHandlersHear()
    {
        var ns = await TestClients.CreateNamespaceAsync(_client);
        await _client.CreateAsync(ResourceTypes.ConfigMap, TestClients.ConfigMap("listed", ns, new Dictionary<string, string> { ["keep"] = "1", ["big"] = "x" }));
        // Keeps the identity and data.keep only, as the scheduler keeps only what it reads.
        static JsonObject KeepOnlyKeep(JsonObject cm) => new()
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = ObjectMeta.Name(cm), ["namespace"] = ObjectMeta.Namespace(cm), ["resourceVersion"] = ObjectMeta.ResourceVersion(cm),
            },
            ["data"] = new JsonObject { ["keep"] = cm.StringAt("data", "keep") },
        };
        var informer = new Informer(_client, ResourceTypes.ConfigMap, new InformerOptions { Namespace = ns, PageSize = 1, Transform = KeepOnlyKeep });
        var seen = new System.Collections.Concurrent.ConcurrentQueue<JsonObject>();
        informer.AddHandler(new InformerHandler(seen.Enqueue, (_, updated) => seen.Enqueue(updated), null));
        using var stop = new CancellationTokenSource();
        var running = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync().WaitAsync(TimeSpan.FromSeconds(20));

        await _client.CreateAsync(ResourceTypes.ConfigMap, TestClients.ConfigMap("watched", ns, new Dictionary<string, string> { ["keep"] = "2", ["big"] = "y" }));
        await TestClients.EventuallyAsync(() => seen.Count == 2, "the watched ConfigMap");
        Assert.Equal("""{"keep":"1"}""", informer.Lister.Get(ns, "listed")!["data"]!.ToJsonString());
        Assert.Equal("""{"keep":"2"}""", informer.Lister.Get(ns, "watched")!["data"]!.ToJsonString());
        Assert.Null(informer.Lister.Get(ns, "watched")!["kind"]);
        Assert.Equal(["listed", "watched"], seen.Select(ObjectMeta.Name));
        Assert.All(seen, obj => Assert.Null(obj.At("data", "big")));
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task TheStoreKeysObjectsAsTheyCameNotByTheirTransformedCopies()
    {
        var ns = await TestClients.CreateNamespaceAsync(_client);
        await _client.CreateAsync(ResourceTypes.ConfigMap, TestClients.ConfigMap("listed", ns));
        // A copy without metadata: the informer must not need to read the copy it stores (the
        // scheduler's compact copies stay unopened that way).
        static JsonObject DataOnly(JsonObject cm) => new() { ["data"] = cm["data"]?.DeepClone() };
        var informer = new Informer(_client, ResourceTypes.ConfigMap, new InformerOptions { Namespace = ns, PageSize = 1, Transform = DataOnly });
        using var stop = new CancellationTokenSource();
        var running = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync().WaitAsync(TimeSpan.FromSeconds(20));

        var watched = await _client.CreateAsync(ResourceTypes.ConfigMap, TestClients.ConfigMap("watched", ns));
        await TestClients.EventuallyAsync(() => informer.Store.Count == 2, "the watched ConfigMap");
        Assert.Equal([$"{ns}/listed", $"{ns}/watched"], informer.Store.Keys().Order());
        Assert.Single(informer.Lister.List(ns), obj => obj.At("metadata") is null && ReferenceEquals(obj, informer.Lister.Get(ns, "watched")));
        Assert.Equal(2, informer.Lister.List(ns).Count);
        await TestClients.EventuallyAsync(() => informer.LastSyncResourceVersion == ObjectMeta.ResourceVersion(watched), "the watched version");
        await _client.DeleteAsync(ResourceTypes.ConfigMap, ns, "listed");
        await TestClients.EventuallyAsync(() => informer.Store.Count == 1, "the delete of listed");
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private sealed record KeptValue(string Name, string? Keep);

    [Fact]
    public async Task ATypedInformerKeepsWhatItReadsOfEachObjectAndHandsTheStoredOneToDeletes()
    {
        var ns = await TestClients.CreateNamespaceAsync(_client);
        await _client.CreateAsync(ResourceTypes.ConfigMap, TestClients.ConfigMap("listed", ns, new Dictionary<string, string> { ["keep"] = "1" }));
        var informer = new Informer<KeptValue>(_client, ResourceTypes.ConfigMap, cm => new KeptValue(ObjectMeta.Name(cm)!, cm.StringAt("data", "keep")),
            new InformerOptions { Namespace = ns, PageSize = 1 });
        var added = new System.Collections.Concurrent.ConcurrentQueue<KeptValue>();
        var updated = new System.Collections.Concurrent.ConcurrentQueue<(KeptValue Old, KeptValue New)>();
        var deleted = new System.Collections.Concurrent.ConcurrentQueue<KeptValue>();
        informer.AddHandler(new InformerHandler<KeptValue>(added.Enqueue, (o, n) => updated.Enqueue((o, n)), deleted.Enqueue));
        using var stop = new CancellationTokenSource();
        var running = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync().WaitAsync(TimeSpan.FromSeconds(20));

        await _client.CreateAsync(ResourceTypes.ConfigMap, TestClients.ConfigMap("watched", ns, new Dictionary<string, string> { ["keep"] = "2" }));
        await TestClients.EventuallyAsync(() => added.Count == 2, "the watched ConfigMap");
        await _client.PatchAsync(ResourceTypes.ConfigMap, ns, "watched", PatchType.Merge, new JsonObject { ["data"] = new JsonObject { ["keep"] = "3" } });
        await TestClients.EventuallyAsync(() => !updated.IsEmpty, "the update");
        var stored = informer.Store.Get(ns, "watched");
        await _client.DeleteAsync(ResourceTypes.ConfigMap, ns, "watched");
        await TestClients.EventuallyAsync(() => !deleted.IsEmpty, "the delete");

        Assert.Equal([new KeptValue("listed", "1"), new KeptValue("watched", "2")], added);
        Assert.Equal((new KeptValue("watched", "2"), new KeptValue("watched", "3")), Assert.Single(updated));
        Assert.Same(stored, Assert.Single(deleted));
        Assert.Equal([new KeptValue("listed", "1")], informer.Store.List());
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task FactorySharesOneInformerPerResourceAndSelection()
    {
        var ns = await TestClients.CreateNamespaceAsync(_client);
        await _client.CreateAsync(ResourceTypes.ConfigMap, TestClients.ConfigMap("x", ns, new Dictionary<string, string> { ["node"] = "n1" }));
        var factory = new InformerFactory(_client);
        var first = factory.For(ResourceTypes.ConfigMap, new InformerOptions { Namespace = ns });
        var second = factory.For(ResourceTypes.ConfigMap, new InformerOptions { Namespace = ns, Indexers = ByNode });
        var other = factory.For(ResourceTypes.Secret, new InformerOptions { Namespace = ns });
        Assert.Same(first, second);
        Assert.NotSame(first, other);
        using var stop = new CancellationTokenSource();
        factory.Start(stop.Token);
        factory.Start(stop.Token);
        await factory.WaitForSyncAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(first.HasSynced && other.HasSynced);
        Assert.Equal(["x"], first.Lister.ByIndex("node", "n1").Select(ObjectMeta.Name));
        await stop.CancelAsync();
        await factory.StoppedAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }
}
