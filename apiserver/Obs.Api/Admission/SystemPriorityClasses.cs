using System.Text.Json.Nodes;

namespace Obs.Api.Admission;

/// <summary>
/// The two PriorityClasses every Kubernetes cluster has from the start, and the rules that keep the
/// <c>system-</c> prefix and the values above a billion for them.
/// </summary>
public static class SystemPriorityClasses
{
    public const string NodeCritical = "system-node-critical";
    public const string ClusterCritical = "system-cluster-critical";
    public const string Prefix = "system-";

    /// <summary>The highest value a class that is not a system class may have.</summary>
    public const long HighestUserDefinable = 1_000_000_000;

    private static readonly (string Name, long Value, string Description)[] Known =
    [
        (NodeCritical, 2_000_001_000, "Used for system critical pods that must not be moved from their current node."),
        (ClusterCritical, 2_000_000_000, "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary."),
    ];

    public static IEnumerable<string> Names => Known.Select(k => k.Name);

    public static bool IsSystem(string name) => Known.Any(k => k.Name == name);

    /// <summary>The value of a system class, or null for any other name.</summary>
    public static long? ValueOf(string name) => Known.FirstOrDefault(k => k.Name == name) is { Name: not null } k ? k.Value : null;

    /// <summary>A system class as the apiserver creates it at start.</summary>
    public static JsonObject Object(string name)
    {
        var (_, value, description) = Known.First(k => k.Name == name);
        return new JsonObject
        {
            ["apiVersion"] = "scheduling.k8s.io/v1",
            ["kind"] = "PriorityClass",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["value"] = Defaults.DefaultFields.Number(value),
            ["globalDefault"] = false,
            ["description"] = description,
            ["preemptionPolicy"] = PodPriority.PreemptLowerPriority,
        };
    }

    /// <summary>
    /// Why a class named with the system prefix is not one of the system classes as they are defined
    /// (Kubernetes' IsKnownSystemPriorityClass), or null when it is.
    /// </summary>
    public static string? Mismatch(string name, long value, bool globalDefault)
    {
        var known = Known.FirstOrDefault(k => k.Name == name);
        if (known.Name is null) return $"{name} is not a known system priority class";
        if (known.Value != value) return $"value of {name} PriorityClass must be {known.Value}";
        if (globalDefault) return $"globalDefault of {name} PriorityClass must be false";
        return null;
    }
}
