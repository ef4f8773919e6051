using System.Text.Json.Nodes;

namespace Obs.Client.Informers;

/// <summary>
/// A store of objects as JSON, what controllers read: readers must clone (<c>DeepClone()</c>)
/// an object before changing it. Objects can be stored without a key, read from their metadata.
/// </summary>
public sealed class IndexedStore : IndexedStore<JsonObject>
{
    public IndexedStore(IReadOnlyDictionary<string, Func<JsonObject, IEnumerable<string>>>? indexers = null)
    {
        if (indexers is null) return;
        foreach (var (name, indexer) in indexers) AddIndexer(name, indexer);
    }

    /// <summary>Adds or replaces the object under its key; returns the object it replaced.</summary>
    public JsonObject? Upsert(JsonObject obj) => Upsert(ObjectKeys.KeyOf(obj), obj);

    /// <summary>Makes the store hold exactly <paramref name="objects"/> (a fresh LIST); returns the objects that were dropped.</summary>
    public IReadOnlyList<JsonObject> Replace(IEnumerable<JsonObject> objects) =>
        Replace(objects.Select(obj => KeyValuePair.Create(ObjectKeys.KeyOf(obj), obj)));
}
