using System.Text.Json.Nodes;

namespace Obs.Api.Tests.Apply;

/// <summary>Test shorthand for objects written as JSON text.</summary>
internal static class Json
{
    public static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>Asserts equal JSON, property order included, showing both texts on failure.</summary>
    public static void Equal(string expected, JsonNode? actual) =>
        Assert.Equal(JsonNode.Parse(expected)!.ToJsonString(), actual?.ToJsonString());
}
