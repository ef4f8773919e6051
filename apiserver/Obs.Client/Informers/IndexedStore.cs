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
    private readonly Dictionary<string, Func<string, JsonObject, IEnumerable<string>>> _indexers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, HashSet<string>>> _indexes = new(StringComparer.Ordinal);

    public IndexedStore(IReadOnlyDictionary<string, Func<JsonObject, IEnumerable<string>>>? indexers = null)
    {
        // The namespace is read from the key rather than the object, so that storing an object
        // does not open it (a transformed compact copy stays one unread buffer).
        AddIndexer(StoreIndexers.Namespace, static (key, _) => NamespaceOf(key));
        if (indexers is null) return;
        foreach (var (name, indexer) in indexers) AddIndexer(name, indexer);
    }

    private static IEnumerable<string> NamespaceOf(string key) => ObjectKeys.Split(key).Namespace is { } ns ? [ns] : [];

    public int Count
    {
        get { lock (_lock) return _items.Count; }
    }

    public bool HasIndex(string name)
    {
        lock (_lock) return _indexers.ContainsKey(name);
    }

    /// <summary>Adds an index, built at once over what the store already holds.</summary>
    public void AddIndexer(string name, Func<JsonObject, IEnumerable<string>> indexer) => AddIndexer(name, (_, obj) => indexer(obj));

    private void AddIndexer(string name, Func<string, JsonObject, IEnumerable<string>> indexer)
    {
        lock (_lock)
        {
            if (!_indexers.TryAdd(name, indexer)) throw new InvalidOperationException($"the store already has an index \"{name}\"");
            var index = _indexes[name] = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var (key, obj) in _items) IndexLocked(index, indexer, key, obj);
        }
    }

    /// <summary>Adds or replaces the object under its key; returns the object it replaced.</summary>
    public JsonObject? Upsert(JsonObject obj) => Upsert(ObjectKeys.KeyOf(obj), obj);

    /// <summary>As <see cref="Upsert(JsonObject)"/>, under a key the caller read (from the object as it came, before a transform).</summary>
    public JsonObject? Upsert(string key, JsonObject obj)
    {
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
    public IReadOnlyList<JsonObject> Replace(IEnumerable<JsonObject> objects) =>
        Replace(objects.Select(obj => KeyValuePair.Create(ObjectKeys.KeyOf(obj), obj)));

    /// <summary>As <see cref="Replace(IEnumerable{JsonObject})"/>, each object under the key given with it.</summary>
    public IReadOnlyList<JsonObject> Replace(IEnumerable<KeyValuePair<string, JsonObject>> objects)
    {
        var fresh = new Dictionary<string, JsonObject>(objects, StringComparer.Ordinal);
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

    /// <summary>Every object with its key.</summary>
    public IReadOnlyDictionary<string, JsonObject> Items()
    {
        lock (_lock) return new Dictionary<string, JsonObject>(_items, StringComparer.Ordinal);
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

    private static void IndexLocked(Dictionary<string, HashSet<string>> index, Func<string, JsonObject, IEnumerable<string>> indexer, string key, JsonObject obj)
    {
        foreach (var value in indexer(key, obj))
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
            foreach (var value in indexer(key, old))
            {
                if (!index.TryGetValue(value, out var keys)) continue;
                keys.Remove(key);
                if (keys.Count == 0) index.Remove(value);
            }
        }
    }
}
