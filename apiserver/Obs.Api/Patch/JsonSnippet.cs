using System.Text.Json.Nodes;

namespace Obs.Api.Patch;

/// <summary>A value quoted in an error message, cut short so a large subtree cannot flood the response.</summary>
internal static class JsonSnippet
{
    private const int MaxLength = 200;

    public static string Of(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        return text.Length <= MaxLength ? text : text[..MaxLength] + "...";
    }
}
