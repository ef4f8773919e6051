using System.Text.Json.Nodes;

namespace Obs.Api.Defaults;

/// <summary>
/// The pod's quality-of-service class, as <c>status.qosClass</c> and <c>kubectl describe</c> show it:
/// Guaranteed when every container limits CPU and memory and requests equal limits, BestEffort when
/// nothing requests or limits CPU or memory, Burstable otherwise. Only CPU and memory count.
/// </summary>
public static class PodQosClass
{
    private static readonly string[] ComputeResources = ["cpu", "memory"];

    /// <summary>The class of a pod spec whose defaults (requests from limits) are already applied.</summary>
    public static string Of(JsonObject podSpec)
    {
        var requests = new Dictionary<string, decimal>();
        var limits = new Dictionary<string, decimal>();
        var guaranteed = true;

        var containers = DefaultFields.Items(podSpec, "containers").Concat(DefaultFields.Items(podSpec, "initContainers"));
        foreach (var container in containers)
        {
            var resources = DefaultFields.Child(container, "resources");
            Add(resources?["requests"] as JsonObject, requests);
            var limitedHere = Add(resources?["limits"] as JsonObject, limits);
            if (limitedHere.Count != ComputeResources.Length) guaranteed = false;
        }

        if (requests.Count == 0 && limits.Count == 0) return "BestEffort";
        if (guaranteed)
        {
            guaranteed = requests.Count == limits.Count
                && requests.All(r => limits.TryGetValue(r.Key, out var limit) && limit == r.Value);
        }
        return guaranteed ? "Guaranteed" : "Burstable";
    }

    /// <summary>Adds the non-zero CPU and memory amounts to the totals; returns which resources were set.</summary>
    private static HashSet<string> Add(JsonObject? list, Dictionary<string, decimal> totals)
    {
        var found = new HashSet<string>();
        if (list is null) return found;
        foreach (var name in ComputeResources)
        {
            if (list[name] is not JsonValue value || !ResourceQuantity.TryParse(value.ToString(), out var amount) || amount == 0) continue;
            found.Add(name);
            totals[name] = totals.GetValueOrDefault(name) + amount;
        }
        return found;
    }
}
