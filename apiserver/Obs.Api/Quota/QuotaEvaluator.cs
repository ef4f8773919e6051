using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Quantities;

namespace Obs.Api.Quota;

/// <summary>
/// Kubernetes' ResourceQuota admission, without the storage: for an object about to be created (or a Service
/// or claim about to be updated), the namespace's quotas that concern it, whether a pod sets the requests
/// and limits a quota constrains, whether every quota knows its usage, and whether what the object adds
/// fits under each quota's <c>status.hard</c>. Quotas are enforced once their controller has written
/// <c>status.hard</c>, as in Kubernetes. The caller charges the returned usage with a compare-and-swap.
/// </summary>
public static class QuotaEvaluator
{
    /// <summary>
    /// The decision for <paramref name="obj"/> (a <paramref name="groupResource"/>), replacing <paramref name="old"/>
    /// on an update. <paramref name="quotas"/> are the namespace's, each read at one resourceVersion.
    /// </summary>
    public static QuotaDecision Evaluate(string groupResource, JsonObject obj, JsonObject? old, IEnumerable<JsonObject> quotas, DateTimeOffset now)
    {
        // Updates change usage only for Services (type, ports) and claims (storage): pods are charged when created.
        if (old is not null && groupResource is not ("services" or "persistentvolumeclaims")) return QuotaDecision.None;
        var concerned = new List<(JsonObject Quota, Dictionary<string, Quantity> Hard, Dictionary<string, Quantity> Used)>();
        foreach (var quota in quotas.OrderBy(q => ObjectMeta.Name(q), StringComparer.Ordinal))
        {
            var hard = ResourceList.Read(quota.At("status", "hard"));
            var restricted = hard.Keys.Where(name => ObjectUsage.Covers(groupResource, name)).Order(StringComparer.Ordinal).ToList();
            if (restricted.Count == 0 || !QuotaScopes.Select(quota, groupResource, obj)) continue;
            var name = ObjectMeta.Name(quota);
            if (old is null && groupResource == "pods" && MissingRequirements(obj, restricted) is { } missing)
                return QuotaDecision.Refused($"failed quota: {name}: must specify {missing}");
            var used = ResourceList.Read(quota.At("status", "used"));
            var unknown = restricted.Where(r => !used.ContainsKey(r)).ToList();
            if (unknown.Count > 0) return QuotaDecision.Refused($"status unknown for quota: {name}, resources: {string.Join(",", unknown)}");
            concerned.Add((quota, hard, used));
        }
        if (concerned.Count == 0) return QuotaDecision.None;

        var delta = ObjectUsage.Of(groupResource, obj, now);
        if (old is not null)
        {
            var before = ObjectUsage.Of(groupResource, old, now);
            delta = delta.ToDictionary(d => d.Key, d => before.TryGetValue(d.Key, out var b) && b > d.Value ? Quantity.Zero : d.Value - (before.GetValueOrDefault(d.Key)), StringComparer.Ordinal);
        }
        if (delta.Values.All(q => q.IsZero)) return QuotaDecision.None;

        var charges = new List<QuotaCharge>();
        foreach (var (quota, hard, used) in concerned)
        {
            var requested = delta.Where(d => hard.ContainsKey(d.Key)).ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal);
            if (requested.Values.All(q => q.IsZero)) continue;
            var next = new Dictionary<string, Quantity>(used, StringComparer.Ordinal);
            foreach (var (name, amount) in requested) next[name] = next.TryGetValue(name, out var have) ? have + amount : amount;
            var exceeded = requested.Keys.Where(name => next[name] > hard[name]).Order(StringComparer.Ordinal).ToList();
            if (exceeded.Count > 0)
            {
                return QuotaDecision.Refused($"exceeded quota: {ObjectMeta.Name(quota)}, requested: {Pretty(requested, exceeded)}, " +
                    $"used: {Pretty(used, exceeded)}, limited: {Pretty(hard, exceeded)}");
            }
            var written = new JsonObject();
            foreach (var (name, amount) in next.OrderBy(n => n.Key, StringComparer.Ordinal)) written[name] = amount.ToJson();
            charges.Add(new QuotaCharge(ObjectMeta.Name(quota) ?? "", ObjectMeta.ResourceVersion(quota), written));
        }
        return new QuotaDecision(null, charges);
    }

    /// <summary>
    /// Kubernetes still requires every container to set the cpu and memory requests and limits a quota constrains
    /// (a rule it keeps for compatibility): <c>limits.cpu for: app,web; requests.memory for: app</c>, or null.
    /// </summary>
    private static string? MissingRequirements(JsonObject pod, List<string> restricted)
    {
        var required = restricted.Intersect(QuotaResourceNames.RequiredPerContainer, StringComparer.Ordinal).ToList();
        if (required.Count == 0) return null;
        var missing = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var spec = pod["spec"] as JsonObject;
        foreach (var container in PodResources.Containers(spec, "containers").Concat(PodResources.Containers(spec, "initContainers")))
        {
            var usage = new Dictionary<string, Quantity>(StringComparer.Ordinal);
            ObjectUsage.Compute(usage, PodResources.Of(container, "requests"), PodResources.Of(container, "limits"));
            foreach (var resource in required.Where(r => !usage.ContainsKey(r)))
            {
                if (!missing.TryGetValue(resource, out var names)) missing[resource] = names = new SortedSet<string>(StringComparer.Ordinal);
                names.Add(container.StringAt("name") ?? "");
            }
        }
        return missing.Count == 0 ? null : string.Join("; ", missing.Select(m => $"{m.Key} for: {string.Join(",", m.Value)}"));
    }

    /// <summary>Kubernetes' prettyPrint of a resource list: <c>pods=1,requests.cpu=500m</c>, in name order.</summary>
    private static string Pretty(Dictionary<string, Quantity> values, List<string> names) =>
        string.Join(",", names.Select(n => $"{n}={values.GetValueOrDefault(n)}"));
}
