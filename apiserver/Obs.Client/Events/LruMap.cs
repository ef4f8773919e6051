using System.Diagnostics.CodeAnalysis;

namespace Obs.Client.Events;

/// <summary>
/// A map of at most <c>capacity</c> entries that forgets the least recently used first (client-go's
/// recorder keeps LRUs of 4096), so a controller churning through objects cannot grow it without bound.
/// Not thread-safe: the event writer is its only user.
/// </summary>
internal sealed class LruMap<TKey, TValue>(int capacity) where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<(TKey Key, TValue Value)>> _entries = [];
    private readonly LinkedList<(TKey Key, TValue Value)> _order = new();

    public int Count => _entries.Count;

    public bool TryGet(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        if (_entries.TryGetValue(key, out var node))
        {
            _order.Remove(node);
            _order.AddFirst(node);
            value = node.Value.Value;
            return true;
        }
        value = default;
        return false;
    }

    public void Set(TKey key, TValue value)
    {
        if (_entries.Remove(key, out var existing)) _order.Remove(existing);
        _entries[key] = _order.AddFirst((key, value));
        while (_entries.Count > capacity && _order.Last is { } oldest)
        {
            _order.RemoveLast();
            _entries.Remove(oldest.Value.Key);
        }
    }

    public void Remove(TKey key)
    {
        if (_entries.Remove(key, out var node)) _order.Remove(node);
    }
}
