using System.Collections.Concurrent;

namespace Obs.Controllers.Hosting;

/// <summary>
/// client-go's ControllerExpectations: how many creates and deletes a controller has asked for
/// and not yet seen come back through its informer. While some are outstanding the controller
/// does not act on its (stale) cache, so a second sync does not create the same pods again.
/// Expectations older than <see cref="Ttl"/> are taken as met: a lost event must not wedge a controller.
/// </summary>
public sealed class Expectations(TimeProvider? time = null)
{
    public static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public bool Satisfied(string key)
    {
        if (!_entries.TryGetValue(key, out var entry)) return true;
        lock (entry)
        {
            return (entry.Adds <= 0 && entry.Deletes <= 0) || _time.GetUtcNow() - entry.SetAt > Ttl;
        }
    }

    public void Expect(string key, int adds, int deletes) =>
        _entries[key] = new Entry { Adds = adds, Deletes = deletes, SetAt = _time.GetUtcNow() };

    public void CreationObserved(string key) => Lower(key, 1, 0);

    public void DeletionObserved(string key) => Lower(key, 0, 1);

    public void Lower(string key, int adds, int deletes)
    {
        if (!_entries.TryGetValue(key, out var entry)) return;
        lock (entry)
        {
            entry.Adds -= adds;
            entry.Deletes -= deletes;
        }
    }

    public void Forget(string key) => _entries.TryRemove(key, out _);

    private sealed class Entry
    {
        public int Adds;
        public int Deletes;
        public DateTimeOffset SetAt;
    }
}
