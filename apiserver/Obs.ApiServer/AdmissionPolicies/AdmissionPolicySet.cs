using Obs.Api.Resources;
using Obs.ApiServer.Cache;

namespace Obs.ApiServer.AdmissionPolicies;

/// <summary>
/// The ValidatingAdmissionPolicies in force, each with the bindings that name it, from the watch cache: compiled again
/// only when a policy or binding changed (the cache's change stamp), so a write costs one stamp read when nothing did.
/// A policy no binding names is not enforced, nor is a binding whose policy does not exist.
/// </summary>
public sealed class AdmissionPolicySet
{
    private static readonly string[] Resources = [ResourceTypes.ValidatingAdmissionPolicy.GroupResource, ResourceTypes.ValidatingAdmissionPolicyBinding.GroupResource];

    private readonly WatchCache _cache;
    private readonly CacheDerived<IReadOnlyList<BoundPolicy>> _bound;

    public AdmissionPolicySet(WatchCache cache)
    {
        _cache = cache;
        _bound = new CacheDerived<IReadOnlyList<BoundPolicy>>(cache, Resources, Read);
    }

    /// <summary>Policies in name order, each with its bindings in name order.</summary>
    public IReadOnlyList<BoundPolicy> Bound => _bound.Value;

    private List<BoundPolicy> Read()
    {
        var bindings = Objects(ResourceTypes.ValidatingAdmissionPolicyBinding)
            .Select(o => PolicyBinding.Parse(o.Key.Name, o.ToMutable()))
            .ToLookup(b => b.PolicyName, StringComparer.Ordinal);
        var bound = new List<BoundPolicy>();
        foreach (var policy in Objects(ResourceTypes.ValidatingAdmissionPolicy))
        {
            var its = bindings[policy.Key.Name].ToArray();
            if (its.Length > 0) bound.Add(new BoundPolicy(CompiledPolicy.Compile(policy.Key.Name, policy.ToMutable()), its));
        }
        return bound;
    }

    private IEnumerable<CachedObject> Objects(ResourceType type)
    {
        var objects = new List<CachedObject>();
        _cache.CopyObjects(type.GroupResource, objects);
        return objects.OrderBy(o => o.Key.Name, StringComparer.Ordinal);
    }
}

/// <summary>A policy and the bindings that put it in force.</summary>
public sealed record BoundPolicy(CompiledPolicy Policy, IReadOnlyList<PolicyBinding> Bindings);
