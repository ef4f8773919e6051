using System.Globalization;
using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Controllers.Endpoints;

/// <summary>
/// The EndpointSlices this controller has written and its informer has not shown yet, per service (Kubernetes'
/// endpointSliceTracker). Slices are made with generateName, so a sync that read a cache missing the slice the last
/// sync made would make a second one for the same pods; while a write is unseen the service is not synced. An entry
/// unseen for <see cref="Ttl"/> counts as seen: a lost event must not stop a service's slices for good.
/// </summary>
internal sealed class SliceWrites(TimeProvider time)
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    private const long Deleted = -1;

    private readonly Dictionary<string, Dictionary<string, (long Version, DateTimeOffset At)>> _byService = new(StringComparer.Ordinal);

    /// <summary>The service's slice as the apiserver answered a create or update.</summary>
    public void Wrote(string serviceKey, JsonObject slice)
    {
        if (ObjectMeta.Name(slice) is not { } name) return;
        Set(serviceKey, name, Version(slice) ?? 0);
    }

    public void Deleting(string serviceKey, string sliceName) => Set(serviceKey, sliceName, Deleted);

    /// <summary>The informer's delete event: whatever was written to the slice can no longer be seen.</summary>
    public void Gone(string serviceKey, string sliceName)
    {
        lock (_byService)
        {
            if (_byService.TryGetValue(serviceKey, out var slices) && slices.Remove(sliceName) && slices.Count == 0) _byService.Remove(serviceKey);
        }
    }

    public void Forget(string serviceKey)
    {
        lock (_byService) _byService.Remove(serviceKey);
    }

    /// <summary>
    /// Whether the cached slices show every write made to them (and no slice deleted is still there); the writes they
    /// show are forgotten.
    /// </summary>
    public bool Seen(string serviceKey, IReadOnlyList<JsonObject> cached)
    {
        lock (_byService)
        {
            if (!_byService.TryGetValue(serviceKey, out var slices)) return true;
            var now = time.GetUtcNow();
            foreach (var (name, (version, at)) in slices.ToList())
            {
                var inCache = cached.FirstOrDefault(s => ObjectMeta.Name(s) == name);
                var seen = version == Deleted ? inCache is null : inCache is not null && (Version(inCache) ?? long.MaxValue) >= version;
                if (seen || now - at > Ttl) slices.Remove(name);
            }
            if (slices.Count > 0) return false;
            _byService.Remove(serviceKey);
            return true;
        }
    }

    private void Set(string serviceKey, string sliceName, long version)
    {
        lock (_byService)
        {
            if (!_byService.TryGetValue(serviceKey, out var slices)) _byService[serviceKey] = slices = new(StringComparer.Ordinal);
            slices[sliceName] = (version, time.GetUtcNow());
        }
    }

    // Obs's resourceVersions are one global revision, so a later write has a larger one.
    private static long? Version(JsonObject slice) =>
        long.TryParse(ObjectMeta.ResourceVersion(slice), NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : null;
}
