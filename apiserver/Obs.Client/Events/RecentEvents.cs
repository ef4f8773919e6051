namespace Obs.Client.Events;

/// <summary>
/// The events written lately, by what makes two of them the same, with the name and count of
/// the stored one: a repeat bumps that count instead of adding an event. Holds at most
/// <c>capacity</c> entries and forgets the least recently seen first (client-go keeps an LRU of
/// 4096), so a controller churning through objects cannot grow it without bound.
/// </summary>
internal sealed class RecentEvents<TKey>(int capacity) where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<(TKey Key, string Name, long Count)>> _entries = [];
    private readonly LinkedList<(TKey Key, string Name, long Count)> _order = new();

    public int Count => _entries.Count;

    public bool TryGet(TKey key, out string name, out long count)
    {
        if (_entries.TryGetValue(key, out var node))
        {
            _order.Remove(node);
            _order.AddFirst(node);
            (name, count) = (node.Value.Name, node.Value.Count);
            return true;
        }
        (name, count) = ("", 0);
        return false;
    }

    public void Set(TKey key, string name, long count)
    {
        if (_entries.Remove(key, out var existing)) _order.Remove(existing);
        _entries[key] = _order.AddFirst((key, name, count));
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
