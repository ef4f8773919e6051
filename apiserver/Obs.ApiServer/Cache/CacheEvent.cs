using Obs.ApiServer.Storage;

namespace Obs.ApiServer.Cache;

/// <summary>
/// One change as the watch cache saw it: the object after the change (for DELETED, its last
/// state at the deletion's revision) and before it, so watchers with selectors can tell an
/// object entering or leaving their view.
/// </summary>
public sealed record CacheEvent(ChangeType Type, CachedObject Object, CachedObject? Previous)
{
    public long Revision => Object.Revision;
    public string Resource => Object.Key.Resource;
}
