using System.Text.Json.Nodes;

namespace Obs.Api.Tests.Defaults;

/// <summary>Compares JSON trees by value (key order ignored) and shows both sides when they differ.</summary>
internal static class JsonAssert
{
    public static void Equal(string expected, JsonNode? actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        if (!JsonNode.DeepEquals(expectedNode, actual))
        {
            Assert.Fail($"JSON differs.\nExpected: {expectedNode?.ToJsonString()}\nActual:   {actual?.ToJsonString()}");
        }
    }

    public static JsonObject Parse(string json) => (JsonObject)JsonNode.Parse(json)!;
}
