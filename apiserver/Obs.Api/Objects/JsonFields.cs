using System.Text.Json;
using System.Text.Json.Nodes;

namespace Obs.Api.Objects;

/// <summary>Reading fields out of objects held as <see cref="JsonNode"/> trees, the form every object takes inside Obs.</summary>
public static class JsonFields
{
    /// <summary>The node at a path of object keys, or null when any step is missing or not an object.</summary>
    public static JsonNode? At(this JsonNode? node, params ReadOnlySpan<string> path)
    {
        foreach (var key in path)
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(key, out node)) return null;
        }
        return node;
    }

    /// <summary>The string at a path, or null when missing or not a string.</summary>
    public static string? StringAt(this JsonNode? node, params ReadOnlySpan<string> path) =>
        node.At(path) is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>The integer at a path, or null when missing or not an integral number.</summary>
    public static long? LongAt(this JsonNode? node, params ReadOnlySpan<string> path) =>
        node.At(path) is JsonValue v ? AsLong(v) : null;

    /// <summary>
    /// The value as an integer, whether parsed from JSON or built in C# from an int or a long
    /// (a value built from an int does not answer <c>TryGetValue&lt;long&gt;</c>).
    /// </summary>
    public static long? AsLong(this JsonValue value)
    {
        if (value.GetValueKind() != JsonValueKind.Number) return null;
        if (value.TryGetValue<long>(out var l)) return l;
        if (value.TryGetValue<int>(out var i)) return i;
        if (value.TryGetValue<double>(out var d) && d == Math.Floor(d) && Math.Abs(d) < 9e18) return (long)d;
        return null;
    }

    /// <summary>The boolean at a path, or null when missing or not a boolean.</summary>
    public static bool? BoolAt(this JsonNode? node, params ReadOnlySpan<string> path) =>
        node.At(path) is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? v.GetValue<bool>() : null;

    /// <summary>The object at a path, created (with every missing parent) when absent.</summary>
    public static JsonObject Ensure(this JsonObject node, params ReadOnlySpan<string> path)
    {
        foreach (var key in path)
        {
            if (node[key] is not JsonObject child)
            {
                child = new JsonObject();
                node[key] = child;
            }
            node = child;
        }
        return node;
    }

    /// <summary>The string entries of a JSON object such as <c>metadata.labels</c>; empty when absent.</summary>
    public static IEnumerable<KeyValuePair<string, string>> StringMap(this JsonNode? node)
    {
        if (node is not JsonObject obj) yield break;
        foreach (var (key, value) in obj)
        {
            if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String) yield return new(key, v.GetValue<string>());
        }
    }
}
