using System.Globalization;
using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Controllers.Hosting;

/// <summary>
/// The writes a controller has made that its informer has not shown yet, per key it syncs (Kubernetes'
/// endpointSliceTracker, made general). A sync that reads a cache missing its own last write acts on a stale copy: it
/// would make a second EndpointSlice for the same pods (slices are made with generateName), or write a Job's or
/// CronJob's status over a resourceVersion already gone, to fail with a conflict. While a write is unseen the key is
/// not synced; the written object's own event brings the sync back once the informer shows it. An entry unseen for
/// <see cref="Ttl"/> counts as seen: a lost event must not stop a key for good.
/// </summary>
internal sealed class UnseenWrites(TimeProvider time)
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    private const long Deleted = -1;

    private readonly Dictionary<string, Dictionary<string, (long Version, DateTimeOffset At)>> _byKey = new(StringComparer.Ordinal);

    /// <summary>An object synced under <paramref name="key"/> as the apiserver answered a create or update of it.</summary>
    public void Wrote(string key, JsonObject written)
    {
        if (ObjectMeta.Name(written) is not { } name) return;
        Set(key, name, Version(written) ?? 0);
    }

    public void Deleting(string key, string name) => Set(key, name, Deleted);

    /// <summary>The informer's delete event: whatever was written to the object can no longer be seen.</summary>
    public void Gone(string key, string name)
    {
        lock (_byKey)
        {
            if (_byKey.TryGetValue(key, out var objects) && objects.Remove(name) && objects.Count == 0) _byKey.Remove(key);
        }
    }

    public void Forget(string key)
    {
        lock (_byKey) _byKey.Remove(key);
    }

    /// <summary>
    /// Whether the cached objects show every write made to them (and none deleted is still there); the writes they
    /// show are forgotten.
    /// </summary>
    public bool Seen(string key, IReadOnlyList<JsonObject> cached)
    {
        lock (_byKey)
        {
            if (!_byKey.TryGetValue(key, out var objects)) return true;
            var now = time.GetUtcNow();
            foreach (var (name, (version, at)) in objects.ToList())
            {
                var inCache = cached.FirstOrDefault(s => ObjectMeta.Name(s) == name);
                var seen = version == Deleted ? inCache is null : inCache is not null && (Version(inCache) ?? long.MaxValue) >= version;
                if (seen || now - at > Ttl) objects.Remove(name);
            }
            if (objects.Count > 0) return false;
            _byKey.Remove(key);
            return true;
        }
    }

    private void Set(string key, string name, long version)
    {
        lock (_byKey)
        {
            if (!_byKey.TryGetValue(key, out var objects)) _byKey[key] = objects = new(StringComparer.Ordinal);
            objects[name] = (version, time.GetUtcNow());
        }
    }

    // Obs's resourceVersions are one global revision, so a later write has a larger one.
    private static long? Version(JsonObject obj) =>
        long.TryParse(ObjectMeta.ResourceVersion(obj), NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : null;
}
