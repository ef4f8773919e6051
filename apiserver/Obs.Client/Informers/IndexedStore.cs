using System.Text.Json.Nodes;

namespace Obs.Client.Informers;

/// <summary>
/// The informer's in-memory copy of a resource: objects by key, plus secondary indexes (by
/// namespace always, others such as pods by spec.nodeName when asked). Thread-safe; the objects
/// handed out are the stored ones, so readers must clone (<c>DeepClone()</c>) before changing them.
/// </summary>
public sealed class IndexedStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, JsonObject> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<JsonObject, IEnumerable<string>>> _indexers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, HashSet<string>>> _indexes = new(StringComparer.Ordinal);

    public IndexedStore(IReadOnlyDictionary<string, Func<JsonObject, IEnumerable<string>>>? indexers = null)
    {
        AddIndexer(StoreIndexers.Namespace, StoreIndexers.ByNamespace);
        if (indexers is null) return;
        foreach (var (name, indexer) in indexers) AddIndexer(name, indexer);
    }

    public int Count
    {
        get { lock (_lock) return _items.Count; }
    }

    public bool HasIndex(string name)
    {
        lock (_lock) return _indexers.ContainsKey(name);
    }

    /// <summary>Adds an index, built at once over what the store already holds.</summary>
    public void AddIndexer(string name, Func<JsonObject, IEnumerable<string>> indexer)
    {
        lock (_lock)
        {
            if (!_indexers.TryAdd(name, indexer)) throw new InvalidOperationException($"the store already has an index \"{name}\"");
            var index = _indexes[name] = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var (key, obj) in _items) IndexLocked(index, indexer, key, obj);
        }
    }

    /// <summary>Adds or replaces the object under its key; returns the object it replaced.</summary>
    public JsonObject? Upsert(JsonObject obj)
    {
        var key = ObjectKeys.KeyOf(obj);
        lock (_lock)
        {
            _items.TryGetValue(key, out var old);
            if (old is not null) UnindexLocked(key, old);
            _items[key] = obj;
            foreach (var (name, indexer) in _indexers) IndexLocked(_indexes[name], indexer, key, obj);
            return old;
        }
    }

    /// <summary>Removes the object under the key; returns it, or null when there was none.</summary>
    public JsonObject? Remove(string key)
    {
        lock (_lock)
        {
            if (!_items.Remove(key, out var old)) return null;
            UnindexLocked(key, old);
            return old;
        }
    }

    /// <summary>Makes the store hold exactly <paramref name="objects"/> (a fresh LIST); returns the objects that were dropped.</summary>
    public IReadOnlyList<JsonObject> Replace(IEnumerable<JsonObject> objects)
    {
        var fresh = objects.ToDictionary(ObjectKeys.KeyOf, StringComparer.Ordinal);
        lock (_lock)
        {
            var dropped = _items.Where(kv => !fresh.ContainsKey(kv.Key)).Select(kv => kv.Value).ToList();
            _items.Clear();
            foreach (var index in _indexes.Values) index.Clear();
            foreach (var (key, obj) in fresh)
            {
                _items[key] = obj;
                foreach (var (name, indexer) in _indexers) IndexLocked(_indexes[name], indexer, key, obj);
            }
            return dropped;
        }
    }

    public JsonObject? Get(string key)
    {
        lock (_lock) return _items.GetValueOrDefault(key);
    }

    public JsonObject? Get(string? @namespace, string name) => Get(ObjectKeys.Key(@namespace, name));

    public IReadOnlyList<JsonObject> List()
    {
        lock (_lock) return [.. _items.Values];
    }

    public IReadOnlyList<string> Keys()
    {
        lock (_lock) return [.. _items.Keys];
    }

    /// <summary>The objects the named index files under <paramref name="value"/>.</summary>
    public IReadOnlyList<JsonObject> ByIndex(string indexName, string value)
    {
        lock (_lock)
        {
            if (!_indexes.TryGetValue(indexName, out var index)) throw new InvalidOperationException($"the store has no index \"{indexName}\"");
            return index.TryGetValue(value, out var keys) ? [.. keys.Select(k => _items[k])] : [];
        }
    }

    private static void IndexLocked(Dictionary<string, HashSet<string>> index, Func<JsonObject, IEnumerable<string>> indexer, string key, JsonObject obj)
    {
        foreach (var value in indexer(obj))
        {
            if (!index.TryGetValue(value, out var keys)) index[value] = keys = new HashSet<string>(StringComparer.Ordinal);
            keys.Add(key);
        }
    }

    private void UnindexLocked(string key, JsonObject old)
    {
        foreach (var (name, indexer) in _indexers)
        {
            var index = _indexes[name];
            foreach (var value in indexer(old))
            {
                if (!index.TryGetValue(value, out var keys)) continue;
                keys.Remove(key);
                if (keys.Count == 0) index.Remove(value);
            }
        }
    }
}
