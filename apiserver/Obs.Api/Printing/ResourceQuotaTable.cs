using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Quantities;

namespace Obs.Api.Printing;

/// <summary>
/// <c>kubectl get quota</c>: NAME, AGE, then each resource of <c>spec.hard</c> as <c>name: used/hard</c> (from the
/// status, 0 before the controller has counted), the <c>limits.</c> ones under LIMIT and the rest under REQUEST.
/// </summary>
internal static class ResourceQuotaTable
{
    public static readonly TableColumn[] Columns =
    [
        CommonColumns.Name,
        CommonColumns.Age,
        CommonColumns.Text("Request", "Request represents a minimum amount of cpu/memory that a container may consume."),
        CommonColumns.Text("Limit", "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node."),
    ];

    public static JsonNode?[] Row(JsonObject obj, DateTimeOffset now)
    {
        var requests = new List<string>();
        var limits = new List<string>();
        var names = (obj.At("spec", "hard") as JsonObject)?.Select(e => e.Key).Order(StringComparer.Ordinal) ?? Enumerable.Empty<string>();
        foreach (var name in names)
        {
            var entry = $"{name}: {Amount(obj.At("status", "used", name))}/{Amount(obj.At("status", "hard", name))}";
            (name.Split('.') is [ "limits", _, .. ] ? limits : requests).Add(entry);
        }
        return [ObjectCells.Name(obj), ObjectCells.Age(obj, now), Cell.Text(string.Join(", ", requests)), Cell.Text(string.Join(", ", limits))];
    }

    private static string Amount(JsonNode? node) => Quantity.TryFromJson(node, out var quantity, out _) ? quantity.ToString() : "0";
}
