using Obs.Api.Resources;
using Obs.Client.Informers;

namespace Obs.Controllers.GarbageCollection;

/// <summary>
/// The resources the garbage collector watches at one moment, each with its cache: the compiled-in ones, fixed,
/// and the custom ones of the established CustomResourceDefinitions, which come and go. An owner reference is
/// resolved by apiVersion and kind; a custom kind's every served version resolves to its storage version, the
/// one watched. Built whole and swapped, never changed.
/// </summary>
internal sealed class CollectedResources
{
    private readonly Dictionary<string, (ResourceType Type, Lister Lister)> _byGroupResource;
    private readonly Dictionary<(string ApiVersion, string Kind), ResourceType> _customKinds;

    public CollectedResources(IReadOnlyDictionary<ResourceType, Lister> builtIn)
        : this(builtIn.ToDictionary(kv => kv.Key.GroupResource, kv => (kv.Key, kv.Value), StringComparer.Ordinal), [])
    {
    }

    private CollectedResources(Dictionary<string, (ResourceType, Lister)> byGroupResource, Dictionary<(string, string), ResourceType> customKinds)
    {
        _byGroupResource = byGroupResource;
        _customKinds = customKinds;
    }

    public IEnumerable<(ResourceType Type, Lister Lister)> All => _byGroupResource.Values;

    public bool TryGet(string groupResource, out (ResourceType Type, Lister Lister) entry) => _byGroupResource.TryGetValue(groupResource, out entry);

    /// <summary>The watched resource objects of this apiVersion and kind are stored as; null for a kind not served.</summary>
    public ResourceType? FindByKind(string apiVersion, string kind) =>
        ResourceTypes.FindByKind(apiVersion, kind) ?? _customKinds.GetValueOrDefault((apiVersion, kind));

    /// <summary>These plus a custom resource: <paramref name="served"/> are its served versions, <paramref name="lister"/> the cache of its storage version.</summary>
    public CollectedResources With(IReadOnlyList<ResourceType> served, Lister lister)
    {
        var storage = served[0].Storage;
        var byGroupResource = new Dictionary<string, (ResourceType, Lister)>(_byGroupResource, StringComparer.Ordinal) { [storage.GroupResource] = (storage, lister) };
        var kinds = new Dictionary<(string, string), ResourceType>(_customKinds);
        foreach (var type in served) kinds[(type.ApiVersion, type.Kind)] = storage;
        return new CollectedResources(byGroupResource, kinds);
    }

    /// <summary>These without the custom resource stored as <paramref name="storage"/>.</summary>
    public CollectedResources Without(ResourceType storage)
    {
        var byGroupResource = new Dictionary<string, (ResourceType, Lister)>(_byGroupResource, StringComparer.Ordinal);
        byGroupResource.Remove(storage.GroupResource);
        var kinds = _customKinds.Where(kv => kv.Value.GroupResource != storage.GroupResource).ToDictionary(kv => kv.Key, kv => kv.Value);
        return new CollectedResources(byGroupResource, kinds);
    }
}
