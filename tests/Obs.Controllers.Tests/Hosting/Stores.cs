using System.Globalization;
using System.Text.Json.Nodes;
using Obs.Client.Informers;
using Obs.Controllers.Hosting;

namespace Obs.Controllers.Tests.Hosting;

/// <summary>Informer stores filled by hand, and the objects that go in them.</summary>
internal static class Stores
{
    public static (IndexedStore Store, Lister Lister) New(params JsonObject[] objects)
    {
        var store = new IndexedStore(SharedInformers.Indexers);
        foreach (var obj in objects) store.Upsert(obj);
        return (store, new Lister(store));
    }

    public static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static string At(int secondsAgo) => Now.AddSeconds(-secondsAgo).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static JsonObject ReplicaSet(string name, int replicas, string uid = "rs-uid", long generation = 1) => (JsonObject)JsonNode.Parse($$"""
        {
          "apiVersion": "apps/v1", "kind": "ReplicaSet",
          "metadata": {"name": "{{name}}", "namespace": "ns", "uid": "{{uid}}", "generation": {{generation}}, "resourceVersion": "5"},
          "spec": {
            "replicas": {{replicas}},
            "selector": {"matchLabels": {"app": "web"} },
            "template": {"metadata": {"labels": {"app": "web", "tier": "front"} }, "spec": {"containers": [{"name": "c", "image": "nginx"}]} }
          }
        }
        """)!;

    /// <summary>A pod owned by <paramref name="ownerUid"/> (an orphan when null), ready since <paramref name="readyFor"/> seconds when given.</summary>
    public static JsonObject Pod(string name, string? ownerUid, int age = 100, int? readyFor = null, string? node = null, string app = "web")
    {
        var pod = (JsonObject)JsonNode.Parse($$"""
            {
              "apiVersion": "v1", "kind": "Pod",
              "metadata": {"name": "{{name}}", "namespace": "ns", "uid": "{{name}}-uid", "resourceVersion": "3",
                           "creationTimestamp": "{{At(age)}}", "labels": {"app": "{{app}}", "tier": "front"} },
              "spec": {"containers": [{"name": "c", "image": "nginx"}] },
              "status": {"phase": "Pending"}
            }
            """)!;
        if (ownerUid is not null)
        {
            pod["metadata"]!["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "apps/v1", ["kind"] = "ReplicaSet", ["name"] = "web", ["uid"] = ownerUid, ["controller"] = true, ["blockOwnerDeletion"] = true,
            });
        }
        if (node is not null) pod["spec"]!["nodeName"] = node;
        if (readyFor is { } seconds)
        {
            pod["status"] = new JsonObject
            {
                ["phase"] = "Running",
                ["podIP"] = "10.0.0." + (name.Length + seconds % 200),
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True", ["lastTransitionTime"] = At(seconds) }),
            };
        }
        return pod;
    }
}
