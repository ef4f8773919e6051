using System.Text.Json.Nodes;

namespace Obs.Api.Quantities;

/// <summary>A Kubernetes ResourceList (a container's requests or limits, a pod's overhead, a quota's hard or used).</summary>
public static class ResourceList
{
    /// <summary>The list's quantities by name; an entry that does not parse (validation refuses it where it matters) is left out.</summary>
    public static Dictionary<string, Quantity> Read(JsonNode? list)
    {
        var result = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        foreach (var (name, node) in list as JsonObject ?? [])
        {
            if (Quantity.TryFromJson(node, out var quantity, out _)) result[name] = quantity;
        }
        return result;
    }
}
