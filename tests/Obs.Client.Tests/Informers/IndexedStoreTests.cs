using System.Text.Json.Nodes;
using Obs.Client.Informers;

namespace Obs.Client.Tests.Informers;

public sealed class IndexedStoreTests
{
    private static JsonObject Pod(string ns, string name, string? node = null, string rv = "1")
    {
        var pod = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["resourceVersion"] = rv, ["labels"] = new JsonObject { ["app"] = name[..1] } },
            ["spec"] = new JsonObject(),
        };
        if (node is not null) pod["spec"]!["nodeName"] = node;
        return pod;
    }

    private static IndexedStore NewStore() => new(new Dictionary<string, Func<JsonObject, IEnumerable<string>>>
    {
        [StoreIndexers.NodeName] = StoreIndexers.ByNodeName,
    });

    private static string[] Names(IEnumerable<JsonObject> objects) => [.. objects.Select(o => o["metadata"]!["name"]!.GetValue<string>()).Order()];

    [Fact]
    public void UpsertStoresByNamespaceAndNameAndReturnsTheReplacedObject()
    {
        var store = NewStore();
        Assert.Null(store.Upsert(Pod("a", "p1", rv: "1")));
        var old = store.Upsert(Pod("a", "p1", rv: "2"));
        Assert.Equal("1", old!["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal("2", store.Get("a", "p1")!["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal("2", store.Get("a/p1")!["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Null(store.Get("b", "p1"));
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public void NamespaceIndexListsOnlyThatNamespace()
    {
        var store = NewStore();
        store.Upsert(Pod("a", "p1"));
        store.Upsert(Pod("a", "p2"));
        store.Upsert(Pod("b", "p3"));
        Assert.Equal(["p1", "p2"], Names(store.ByIndex(StoreIndexers.Namespace, "a")));
        Assert.Equal(["p3"], Names(store.ByIndex(StoreIndexers.Namespace, "b")));
        Assert.Empty(store.ByIndex(StoreIndexers.Namespace, "c"));
    }

    [Fact]
    public void CustomIndexFollowsTheObjectWhenItsValueChanges()
    {
        var store = NewStore();
        store.Upsert(Pod("a", "p1"));
        Assert.Empty(store.ByIndex(StoreIndexers.NodeName, "n1"));
        store.Upsert(Pod("a", "p1", "n1"));
        store.Upsert(Pod("a", "p2", "n1"));
        Assert.Equal(["p1", "p2"], Names(store.ByIndex(StoreIndexers.NodeName, "n1")));
        store.Upsert(Pod("a", "p1", "n2"));
        Assert.Equal(["p2"], Names(store.ByIndex(StoreIndexers.NodeName, "n1")));
        Assert.Equal(["p1"], Names(store.ByIndex(StoreIndexers.NodeName, "n2")));
        store.Remove("a/p2");
        Assert.Empty(store.ByIndex(StoreIndexers.NodeName, "n1"));
    }

    [Fact]
    public void RemoveReturnsTheLastStateOrNull()
    {
        var store = NewStore();
        store.Upsert(Pod("a", "p1", rv: "7"));
        Assert.Equal("7", store.Remove("a/p1")!["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Null(store.Remove("a/p1"));
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void ReplaceKeepsExactlyTheNewObjectsAndReturnsTheDropped()
    {
        var store = NewStore();
        store.Upsert(Pod("a", "p1", "n1"));
        store.Upsert(Pod("a", "p2", "n1"));
        var dropped = store.Replace([Pod("a", "p2", "n2"), Pod("b", "p3", "n1")]);
        Assert.Equal(["p1"], Names(dropped));
        Assert.Equal(["a/p2", "b/p3"], store.Keys().Order());
        Assert.Equal(["p3"], Names(store.ByIndex(StoreIndexers.NodeName, "n1")));
        Assert.Equal(["p2"], Names(store.ByIndex(StoreIndexers.NodeName, "n2")));
    }

    [Fact]
    public void IndexerAddedLaterCoversExistingObjects()
    {
        var store = new IndexedStore();
        store.Upsert(Pod("a", "p1", "n1"));
        store.AddIndexer("node", StoreIndexers.ByField("spec", "nodeName"));
        Assert.Equal(["p1"], Names(store.ByIndex("node", "n1")));
        Assert.Throws<InvalidOperationException>(() => store.AddIndexer("node", StoreIndexers.ByNodeName));
        Assert.Throws<InvalidOperationException>(() => store.ByIndex("missing", "x"));
    }

    [Fact]
    public void ClusterScopedObjectsAreKeyedByName()
    {
        var store = new IndexedStore();
        store.Upsert(new JsonObject { ["metadata"] = new JsonObject { ["name"] = "node-1" } });
        Assert.Equal(["node-1"], store.Keys());
        Assert.NotNull(store.Get(null, "node-1"));
        Assert.Equal((null, "node-1"), ObjectKeys.Split("node-1"));
        Assert.Equal(("ns", "p"), ObjectKeys.Split("ns/p"));
    }

    [Fact]
    public void ListerFiltersByNamespaceAndLabelSelector()
    {
        var store = NewStore();
        store.Upsert(Pod("a", "x1"));
        store.Upsert(Pod("a", "y1"));
        store.Upsert(Pod("b", "x2"));
        var lister = new Lister(store);
        Assert.Equal(["x1", "x2", "y1"], Names(lister.List()));
        Assert.Equal(["x1", "y1"], Names(lister.List("a")));
        Assert.Equal(["x1", "x2"], Names(lister.List(null, Obs.Api.Selectors.LabelSelector.Parse("app=x"))));
        Assert.Equal(["x1"], Names(lister.List("a", Obs.Api.Selectors.LabelSelector.Parse("app in (x)"))));
    }

    [Fact]
    public void ControllerUidIndexUsesOnlyTheControllingOwner()
    {
        var pod = Pod("a", "p1");
        pod["metadata"]!["ownerReferences"] = new JsonArray(
            new JsonObject { ["uid"] = "u-owner", ["controller"] = false },
            new JsonObject { ["uid"] = "u-controller", ["controller"] = true });
        Assert.Equal(["u-controller"], StoreIndexers.ByControllerUid(pod));
    }
}
