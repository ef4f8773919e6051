namespace Obs.Client.Informers;

/// <summary>
/// The informer's in-memory copy of a resource: objects by key, plus secondary indexes (by
/// namespace always, others when asked). Thread-safe. <typeparamref name="T"/> is what the
/// informer keeps of each object: the JSON as it came (<see cref="IndexedStore"/>), or a record of
/// the few fields a component reads; the objects handed out are the stored ones.
/// </summary>
public class IndexedStore<T> where T : class
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, T> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<string, T, IEnumerable<string>>> _indexers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, HashSet<string>>> _indexes = new(StringComparer.Ordinal);

    public IndexedStore()
    {
        // The namespace is read from the key rather than the object, so that storing an object
        // does not open it (a transformed compact copy stays one unread buffer).
        AddIndexer(StoreIndexers.Namespace, static (key, _) => NamespaceOf(key));
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
    public void AddIndexer(string name, Func<T, IEnumerable<string>> indexer) => AddIndexer(name, (_, obj) => indexer(obj));

    private void AddIndexer(string name, Func<string, T, IEnumerable<string>> indexer)
    {
        lock (_lock)
        {
            if (!_indexers.TryAdd(name, indexer)) throw new InvalidOperationException($"the store already has an index \"{name}\"");
            var index = _indexes[name] = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var (key, obj) in _items) IndexLocked(index, indexer, key, obj);
        }
    }

    /// <summary>Adds or replaces the object under <paramref name="key"/> (read by the caller from the object as it came); returns the object it replaced.</summary>
    public T? Upsert(string key, T obj)
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
    public T? Remove(string key)
    {
        lock (_lock)
        {
            if (!_items.Remove(key, out var old)) return null;
            UnindexLocked(key, old);
            return old;
        }
    }

    /// <summary>Makes the store hold exactly <paramref name="objects"/> (a fresh LIST), each under the key given with it; returns the objects that were dropped.</summary>
    public IReadOnlyList<T> Replace(IEnumerable<KeyValuePair<string, T>> objects)
    {
        var fresh = new Dictionary<string, T>(objects, StringComparer.Ordinal);
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

    public T? Get(string key)
    {
        lock (_lock) return _items.GetValueOrDefault(key);
    }

    public T? Get(string? @namespace, string name) => Get(ObjectKeys.Key(@namespace, name));

    public IReadOnlyList<T> List()
    {
        lock (_lock) return [.. _items.Values];
    }

    public IReadOnlyList<string> Keys()
    {
        lock (_lock) return [.. _items.Keys];
    }

    /// <summary>Every object with its key.</summary>
    public IReadOnlyDictionary<string, T> Items()
    {
        lock (_lock) return new Dictionary<string, T>(_items, StringComparer.Ordinal);
    }

    /// <summary>The objects the named index files under <paramref name="value"/>.</summary>
    public IReadOnlyList<T> ByIndex(string indexName, string value)
    {
        lock (_lock)
        {
            if (!_indexes.TryGetValue(indexName, out var index)) throw new InvalidOperationException($"the store has no index \"{indexName}\"");
            return index.TryGetValue(value, out var keys) ? [.. keys.Select(k => _items[k])] : [];
        }
    }

    private static void IndexLocked(Dictionary<string, HashSet<string>> index, Func<string, T, IEnumerable<string>> indexer, string key, T obj)
    {
        foreach (var value in indexer(key, obj))
        {
            if (!index.TryGetValue(value, out var keys)) index[value] = keys = new HashSet<string>(StringComparer.Ordinal);
            keys.Add(key);
        }
    }

    private void UnindexLocked(string key, T old)
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
