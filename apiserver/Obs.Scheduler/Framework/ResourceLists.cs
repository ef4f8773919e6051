using System.Text.Json.Nodes;
using Obs.Api.Quantities;

namespace Obs.Scheduler.Framework;

/// <summary>Reads Kubernetes resource lists (<c>{"cpu": "500m", "memory": "1Gi"}</c>) into a <see cref="ResourceSet"/>.</summary>
internal static class ResourceLists
{
    public static ResourceSet Read(JsonNode? list, long pods = 0)
    {
        if (list is not JsonObject map) return new ResourceSet(0, 0, 0, pods);
        return new ResourceSet(Milli(map["cpu"]), Value(map["memory"]), Value(map["ephemeral-storage"]), map["pods"] is { } p ? Value(p) : pods);
    }

    private static long Milli(JsonNode? node) => Quantity.TryFromJson(node, out var q, out _) && node is not null ? q.MilliValue : 0;

    private static long Value(JsonNode? node) => Quantity.TryFromJson(node, out var q, out _) && node is not null ? q.Value : 0;
}
