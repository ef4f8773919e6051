using Obs.Api.Resources;
using Obs.ApiServer.Cache;

namespace Obs.ApiServer.AdmissionPolicies;

/// <summary>
/// The ValidatingAdmissionPolicies in force, each with the bindings that name it, from the watch cache: compiled again
/// only when a policy or binding changed (the cache's change stamp), so a write costs one stamp read when nothing did.
/// A policy no binding names is not enforced, nor is a binding whose policy does not exist.
/// </summary>
public sealed class AdmissionPolicySet(WatchCache cache)
{
    private static readonly string[] Resources = [ResourceTypes.ValidatingAdmissionPolicy.GroupResource, ResourceTypes.ValidatingAdmissionPolicyBinding.GroupResource];

    private sealed record Snapshot(long Stamp, IReadOnlyList<BoundPolicy> Bound);

    private readonly Lock _rebuild = new();
    private Snapshot? _snapshot;

    /// <summary>Policies in name order, each with its bindings in name order.</summary>
    public IReadOnlyList<BoundPolicy> Bound => Current().Bound;

    private Snapshot Current()
    {
        var stamp = cache.ChangeStamp(Resources);
        var snapshot = Volatile.Read(ref _snapshot);
        if (snapshot is not null && snapshot.Stamp == stamp) return snapshot;
        lock (_rebuild)
        {
            snapshot = _snapshot;
            if (snapshot is not null && snapshot.Stamp == stamp) return snapshot;
            // The stamp is read before the objects: a change landing meanwhile makes the next write read them again.
            snapshot = new Snapshot(stamp, Read());
            Volatile.Write(ref _snapshot, snapshot);
            return snapshot;
        }
    }

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
        cache.CopyObjects(type.GroupResource, objects);
        return objects.OrderBy(o => o.Key.Name, StringComparer.Ordinal);
    }
}

/// <summary>A policy and the bindings that put it in force.</summary>
public sealed record BoundPolicy(CompiledPolicy Policy, IReadOnlyList<PolicyBinding> Bindings);
