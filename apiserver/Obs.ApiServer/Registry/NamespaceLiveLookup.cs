using System.Collections.Concurrent;

namespace Obs.ApiServer.Registry;

/// <summary>
/// Namespaces this apiserver was asked to delete in the last <see cref="Window"/>: a create into one of them checks
/// the namespace in PostgreSQL rather than in the watch cache, which takes the deletion from the change feed a
/// moment after the DELETE is answered. So a create sent after the DELETE's answer is refused, as kube-apiserver's
/// NamespaceLifecycle makes sure with its live-lookup list; other creates keep reading the cache.
/// </summary>
public sealed class NamespaceLiveLookup(TimeProvider time)
{
    /// <summary>Far longer than the change feed takes to bring a deletion into the cache.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _deleted = new(StringComparer.Ordinal);

    public void Deleting(string ns)
    {
        var now = time.GetUtcNow();
        _deleted[ns] = now;
        // Kept small: entries past the window go whenever another is added.
        foreach (var (name, at) in _deleted)
            if (now - at > Window) _deleted.TryRemove(KeyValuePair.Create(name, at));
    }

    public bool Required(string ns) => _deleted.TryGetValue(ns, out var at) && time.GetUtcNow() - at <= Window;
}
