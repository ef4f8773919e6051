using System.Collections.Concurrent;

namespace Obs.Controllers.Jobs;

/// <summary>
/// The pods, per Job, whose tracking finalizer the controller lifted but whose update its informer
/// has not shown yet (the job controller's finalizer expectations). Until it does, the cache still
/// lists such a pod with the finalizer, and a sync must not take it for a pod yet to be counted:
/// its uid may have moved into the counters already, and would be counted twice.
/// </summary>
public sealed class FinalizerRemovals
{
    private readonly ConcurrentDictionary<string, HashSet<string>> _pending = new(StringComparer.Ordinal);

    public void Expect(string jobKey, string uid)
    {
        var uids = _pending.GetOrAdd(jobKey, _ => new HashSet<string>(StringComparer.Ordinal));
        lock (uids) uids.Add(uid);
    }

    /// <summary>The informer showed the pod without the finalizer, or gone; or the removal failed and no update will come.</summary>
    public void Observed(string jobKey, string uid)
    {
        if (!_pending.TryGetValue(jobKey, out var uids)) return;
        lock (uids) uids.Remove(uid);
    }

    public IReadOnlySet<string> Pending(string jobKey)
    {
        if (!_pending.TryGetValue(jobKey, out var uids)) return new HashSet<string>();
        lock (uids) return new HashSet<string>(uids, StringComparer.Ordinal);
    }

    public void Forget(string jobKey) => _pending.TryRemove(jobKey, out _);
}
