namespace Obs.ApiServer.Cache;

/// <summary>
/// A value computed from some resources of the watch cache (webhook configurations, admission policies), computed again
/// only when one of them changed (the cache's change stamp), so reading it costs one stamp read when nothing did.
/// </summary>
public sealed class CacheDerived<T>(WatchCache cache, IReadOnlyList<string> resources, Func<T> compute)
{
    private sealed record Snapshot(long Stamp, T Value);

    private readonly Lock _rebuild = new();
    private Snapshot? _snapshot;

    public T Value
    {
        get
        {
            var stamp = cache.ChangeStamp(resources);
            var snapshot = Volatile.Read(ref _snapshot);
            if (snapshot is not null && snapshot.Stamp == stamp) return snapshot.Value;
            lock (_rebuild)
            {
                snapshot = _snapshot;
                if (snapshot is not null && snapshot.Stamp == stamp) return snapshot.Value;
                // The stamp is read before the objects: a change landing meanwhile makes the next read compute again.
                snapshot = new Snapshot(stamp, compute());
                Volatile.Write(ref _snapshot, snapshot);
                return snapshot.Value;
            }
        }
    }
}
