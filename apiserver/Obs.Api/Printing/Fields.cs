using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Api.Printing;

/// <summary>Lenient reads for printing: a missing or mistyped field prints as its zero value, as Go's zero values do.</summary>
internal static class Fields
{
    public static string Text(JsonNode? node, params ReadOnlySpan<string> path) => node.StringAt(path) ?? "";

    public static long Integer(JsonNode? node, params ReadOnlySpan<string> path) => TryInteger(node.At(path), out var value) ? value : 0;

    /// <summary>The integer at a path, or null when the field is absent (a nil pointer in Go).</summary>
    public static long? OptionalInteger(JsonNode? node, params ReadOnlySpan<string> path) =>
        TryInteger(node.At(path), out var value) ? value : null;

    public static bool Bool(JsonNode? node, params ReadOnlySpan<string> path) => node.BoolAt(path) ?? false;

    public static IReadOnlyList<JsonObject> Items(JsonNode? node, params ReadOnlySpan<string> path) =>
        node.At(path) is JsonArray array ? array.OfType<JsonObject>().ToList() : [];

    public static IReadOnlyList<string> Strings(JsonNode? node, params ReadOnlySpan<string> path) =>
        node.At(path) is JsonArray array
            ? array.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>()).ToList()
            : [];

    /// <summary>How many entries an object-valued field has (e.g. a ConfigMap's data).</summary>
    public static long Count(JsonNode? node, params ReadOnlySpan<string> path) => node.At(path) switch
    {
        JsonObject obj => obj.Count,
        JsonArray array => array.Count,
        _ => 0,
    };

    /// <summary>An int-or-string (<c>maxUnavailable</c>, <c>targetPort</c>) as text; null when absent.</summary>
    public static string? IntOrString(JsonNode? node, params ReadOnlySpan<string> path) => node.At(path) switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when TryInteger(v, out var n) => n.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };

    private static bool TryInteger(JsonNode? node, out long value)
    {
        value = 0;
        return node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            && long.TryParse(v.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
    }
}
