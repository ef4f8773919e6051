using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Quantities;
using static Obs.Api.Quota.QuotaResourceNames;

namespace Obs.Api.Quota;

/// <summary>
/// What one object uses of a namespace's quota, as Kubernetes' quota evaluators count it: every object
/// counts once under <c>count/&lt;resource&gt;</c>; pods count under <c>pods</c> and their requests and limits
/// while they run (not once Succeeded or Failed, nor when a deletion's grace period has passed twice over);
/// Services count their node ports and load balancers; claims their storage, also per storage class; and
/// ConfigMaps, Secrets, ReplicationControllers and ResourceQuotas under their own names.
/// </summary>
public static class ObjectUsage
{
    private static readonly Dictionary<string, string> LegacyCountNames = new(StringComparer.Ordinal)
    {
        ["configmaps"] = "configmaps",
        ["secrets"] = "secrets",
        ["replicationcontrollers"] = "replicationcontrollers",
        ["resourcequotas"] = "resourcequotas",
    };

    private static readonly string[] ComputeResources = ["cpu", "memory", "ephemeral-storage"];

    /// <summary>The usage of <paramref name="obj"/>, a <paramref name="groupResource"/> (<c>pods</c>, <c>deployments.apps</c>).</summary>
    public static Dictionary<string, Quantity> Of(string groupResource, JsonObject obj, DateTimeOffset now)
    {
        var usage = new Dictionary<string, Quantity>(StringComparer.Ordinal) { [CountOf(groupResource)] = One };
        switch (groupResource)
        {
            case "pods":
                if (Counts(obj, now)) AddPod(usage, obj["spec"] as JsonObject);
                break;
            case "services":
                AddService(usage, obj["spec"] as JsonObject);
                break;
            case "persistentvolumeclaims":
                AddClaim(usage, obj);
                break;
            default:
                if (LegacyCountNames.TryGetValue(groupResource, out var name)) usage[name] = One;
                break;
        }
        return usage;
    }

    /// <summary>Whether <paramref name="name"/> is something objects of <paramref name="groupResource"/> use: a quota on none of them does not concern them.</summary>
    public static bool Covers(string groupResource, string name)
    {
        if (name == CountOf(groupResource)) return true;
        return groupResource switch
        {
            "pods" => name == Pods || IsCompute(name),
            "services" => name is Services or NodePorts or LoadBalancers,
            "persistentvolumeclaims" => name is Claims or RequestsStorage || name.Contains(StorageClassSuffix, StringComparison.Ordinal),
            _ => LegacyCountNames.TryGetValue(groupResource, out var legacy) && legacy == name,
        };
    }

    /// <summary>A pod's resource: cpu, memory and ephemeral storage bare or as requests/limits, hugepages, and extended resources' requests.</summary>
    private static bool IsCompute(string name) =>
        ComputeResources.Contains(name) || name.StartsWith(HugePagesPrefix, StringComparison.Ordinal) ||
        name.StartsWith(RequestsPrefix, StringComparison.Ordinal) && name != RequestsStorage ||
        name.StartsWith(LimitsPrefix, StringComparison.Ordinal);

    /// <summary>Whether a pod still holds its quota: not when terminal, nor long after its deletion started (Kubernetes' QuotaV1Pod).</summary>
    public static bool Counts(JsonObject pod, DateTimeOffset now)
    {
        if (pod.StringAt("status", "phase") is "Succeeded" or "Failed") return false;
        if (Timestamps.Parse(ObjectMeta.DeletionTimestamp(pod)) is { } deleting && pod.LongAt("metadata", "deletionGracePeriodSeconds") is { } grace)
            return now <= deleting.AddSeconds(grace);
        return true;
    }

    private static readonly Quantity One = Quantity.FromInt(1);

    private static void AddPod(Dictionary<string, Quantity> usage, JsonObject? spec)
    {
        usage[Pods] = One;
        Compute(usage, PodResources.Total(spec, "requests"), PodResources.Total(spec, "limits"));
    }

    /// <summary>Kubernetes' podComputeUsageHelper: the usage names a pod's (or one container's) requests and limits give.</summary>
    public static void Compute(Dictionary<string, Quantity> usage, Dictionary<string, Quantity> requests, Dictionary<string, Quantity> limits)
    {
        foreach (var resource in ComputeResources)
        {
            if (requests.TryGetValue(resource, out var request))
            {
                usage[resource] = request;
                usage[RequestsPrefix + resource] = request;
            }
            if (limits.TryGetValue(resource, out var limit)) usage[LimitsPrefix + resource] = limit;
        }
        foreach (var (resource, request) in requests)
        {
            if (resource.StartsWith(HugePagesPrefix, StringComparison.Ordinal))
            {
                usage[resource] = request;
                usage[RequestsPrefix + resource] = request;
            }
            // Extended resources (vendor.example/gpu) are quota'd only as requests.
            else if (resource.Contains('/') && !resource.StartsWith("kubernetes.io/", StringComparison.Ordinal) && !resource.StartsWith(RequestsPrefix, StringComparison.Ordinal))
                usage[RequestsPrefix + resource] = request;
        }
    }

    private static void AddService(Dictionary<string, Quantity> usage, JsonObject? spec)
    {
        usage[Services] = One;
        var type = spec.StringAt("type") ?? "ClusterIP";
        var ports = (spec?["ports"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var nodePorts = type switch
        {
            "NodePort" => ports.Count,
            // A load balancer without node ports allocated holds only those a client asked for.
            "LoadBalancer" => spec.BoolAt("allocateLoadBalancerNodePorts") == false ? ports.Count(p => (p.LongAt("nodePort") ?? 0) != 0) : ports.Count,
            _ => 0,
        };
        usage[NodePorts] = Quantity.FromInt(nodePorts);
        usage[LoadBalancers] = type == "LoadBalancer" ? One : Quantity.Zero;
    }

    private static void AddClaim(Dictionary<string, Quantity> usage, JsonObject claim)
    {
        usage[Claims] = One;
        var storageClass = claim.StringAt("spec", "storageClassName");
        if (!string.IsNullOrEmpty(storageClass)) usage[OfStorageClass(storageClass, Claims)] = One;
        if (!Quantity.TryFromJson(claim.At("spec", "resources", "requests", "storage"), out var storage, out _)) return;
        // An expansion the volume has taken already counts as what is allocated, if more.
        if (Quantity.TryFromJson(claim.At("status", "allocatedResources", "storage"), out var allocated, out _) && allocated > storage) storage = allocated;
        usage[RequestsStorage] = storage;
        if (!string.IsNullOrEmpty(storageClass)) usage[OfStorageClass(storageClass, RequestsStorage)] = storage;
    }
}
