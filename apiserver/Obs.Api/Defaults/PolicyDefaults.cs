using System.Text.Json.Nodes;
using Obs.Api.Admission;
using Obs.Api.Objects;

namespace Obs.Api.Defaults;

/// <summary>Defaults of the policy kinds: PriorityClass, NetworkPolicy and LimitRange.</summary>
internal static class PolicyDefaults
{
    public static void PriorityClass(JsonObject obj) => DefaultFields.Pointer(obj, "preemptionPolicy", PodPriority.PreemptLowerPriority);

    /// <summary>
    /// A policy that names no types is an Ingress policy, and an Egress one too when it has egress rules
    /// (SetDefaults_NetworkPolicy); a port names TCP unless it says otherwise.
    /// </summary>
    public static void NetworkPolicy(JsonObject obj)
    {
        var spec = obj.Ensure("spec");
        foreach (var direction in new[] { "ingress", "egress" })
        {
            foreach (var rule in DefaultFields.Items(spec, direction))
            {
                foreach (var port in DefaultFields.Items(rule, "ports")) DefaultFields.Pointer(port, "protocol", "TCP");
            }
        }
        if (spec["policyTypes"] is JsonArray { Count: > 0 }) return;
        var types = new JsonArray("Ingress");
        if (spec["egress"] is JsonArray { Count: > 0 }) types.Add((JsonNode)"Egress");
        spec["policyTypes"] = types;
    }

    /// <summary>
    /// A Container item's default limit is its max, its default request its default limit, else its min
    /// (SetDefaults_LimitRangeItem): what pods in the namespace then get is written out in the range.
    /// </summary>
    public static void LimitRange(JsonObject obj)
    {
        foreach (var item in DefaultFields.Items(obj["spec"] as JsonObject, "limits"))
        {
            if (DefaultFields.Text(item, "type") != "Container") continue;
            CopyMissing(item, "max", "default");
            CopyMissing(item, "default", "defaultRequest");
            CopyMissing(item, "min", "defaultRequest");
        }
    }

    /// <summary>Copies into <c>item[to]</c> each resource of <c>item[from]</c> it lacks; an empty map is not added.</summary>
    private static void CopyMissing(JsonObject item, string from, string to)
    {
        if (item[from] is not JsonObject { Count: > 0 } source) return;
        var target = item.Ensure(to);
        foreach (var (name, value) in source)
        {
            if (!target.ContainsKey(name)) target[name] = value?.DeepClone();
        }
    }
}
