using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Api.Tests.Printing;

/// <summary>
/// The printers' lenient reads over a node tree (a missing or mistyped field reads as its zero value), as the
/// product's printers read one, for the reference printers of Events and Nodes.
/// </summary>
internal static class TreeFields
{
    public static string Text(JsonNode? node, params ReadOnlySpan<string> path) => node.StringAt(path) ?? "";

    /// <summary>An integral number written as one (<c>1e2</c> and <c>1.0</c> are not); 0 otherwise.</summary>
    public static long Integer(JsonNode? node, params ReadOnlySpan<string> path) =>
        node.At(path) is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            && long.TryParse(v.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;

    public static bool Bool(JsonNode? node, params ReadOnlySpan<string> path) => node.BoolAt(path) ?? false;

    public static IReadOnlyList<JsonObject> Items(JsonNode? node, params ReadOnlySpan<string> path) =>
        node.At(path) is JsonArray array ? array.OfType<JsonObject>().ToList() : [];

    public static IReadOnlyList<string> Strings(JsonNode? node, params ReadOnlySpan<string> path) =>
        node.At(path) is JsonArray array
            ? array.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>()).ToList()
            : [];

    /// <summary>
    /// A node tree of a parsed object in which a later duplicate property replaces the earlier one, as
    /// <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/> reads it (a node view over the document
    /// throws on a duplicate instead); anything but an object reads as an empty one.
    /// </summary>
    public static JsonObject LastWins(JsonElement element) => Tree(element) as JsonObject ?? [];

    private static JsonNode? Tree(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsonObject();
                foreach (var property in element.EnumerateObject()) obj[property.Name] = Tree(property.Value);
                return obj;
            case JsonValueKind.Array:
                return new JsonArray(element.EnumerateArray().Select(Tree).ToArray());
            default:
                return JsonValue.Create(element);
        }
    }
}
