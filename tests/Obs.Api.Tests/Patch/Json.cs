using System.Text.Json.Nodes;

namespace Obs.Api.Tests.Patch;

/// <summary>Test shorthand: JSON written with single quotes, compared as compact text (key order included).</summary>
internal static class Json
{
    public static JsonNode? Parse(string json) => JsonNode.Parse(json.Replace('\'', '"'));

    public static JsonObject Object(string json) => (JsonObject)Parse(json)!;

    public static string Text(string json) => Parse(json)?.ToJsonString() ?? "null";

    public static string Text(JsonNode? node) => node?.ToJsonString() ?? "null";
}
