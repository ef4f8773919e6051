using System.Text.Json;

namespace Obs.Api.Tests.Printing;

/// <summary>
/// The printers' lenient reads (a missing or mistyped field reads as empty) over a parsed document, for
/// <see cref="ReferencePodTable"/>.
/// </summary>
internal static class ElementFields
{
    /// <summary>The value at a path; null when a step is missing, not an object, or JSON null (as a node tree reads it).</summary>
    public static JsonElement? At(JsonElement element, params ReadOnlySpan<string> path)
    {
        foreach (var key in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(key, out element)) return null;
        }
        return element.ValueKind == JsonValueKind.Null ? null : element;
    }

    public static string Text(JsonElement element, params ReadOnlySpan<string> path) =>
        At(element, path) is { ValueKind: JsonValueKind.String } value ? value.GetString()! : "";

    public static long Integer(JsonElement element, params ReadOnlySpan<string> path) =>
        At(element, path) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out var n) ? n : 0;

    public static bool Bool(JsonElement element, params ReadOnlySpan<string> path) =>
        At(element, path) is { ValueKind: JsonValueKind.True };

    /// <summary>The objects of an array field (other entries skipped); empty when the field is absent.</summary>
    public static List<JsonElement> Items(JsonElement element, params ReadOnlySpan<string> path)
    {
        var items = new List<JsonElement>();
        if (At(element, path) is not { ValueKind: JsonValueKind.Array } array) return items;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object) items.Add(item);
        }
        return items;
    }
}
