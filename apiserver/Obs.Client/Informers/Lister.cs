using System.Text.Json.Nodes;
using Obs.Api.Selectors;

namespace Obs.Client.Informers;

/// <summary>Reads from an informer's store, never from the apiserver: what a controller's sync uses.</summary>
public sealed class Lister(IndexedStore store)
{
    public JsonObject? Get(string? @namespace, string name) => store.Get(@namespace, name);

    public JsonObject? Get(string key) => store.Get(key);

    /// <summary>The objects in a namespace (all when null) that match the selector (all when null).</summary>
    public IReadOnlyList<JsonObject> List(string? @namespace = null, LabelSelector? selector = null)
    {
        var objects = @namespace is null ? store.List() : store.ByIndex(StoreIndexers.Namespace, @namespace);
        return selector is null || selector.IsEmpty ? objects : [.. objects.Where(selector.MatchesObject)];
    }

    public IReadOnlyList<JsonObject> ByIndex(string indexName, string value) => store.ByIndex(indexName, value);
}
