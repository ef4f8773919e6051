using System.Text.Json;
using System.Text.Json.Nodes;

namespace Obs.Api.Tests.Printing;

/// <summary>
/// The node tree the reference printers read (with the product's lenient <see cref="Fields"/>), built so that a
/// later duplicate property replaces the earlier one as a parsed document reads it.
/// </summary>
internal static class TreeFields
{
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
