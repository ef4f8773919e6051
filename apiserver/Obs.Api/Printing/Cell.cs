using System.Text.Json;
using System.Text.Json.Nodes;
using Obs.Api.Serialization;

namespace Obs.Api.Printing;

/// <summary>Table cells as JSON values: strings, and integers held as parsed JSON numbers so any integer width reads them.</summary>
internal static class Cell
{
    public static JsonNode Text(string value) => JsonValue.Create(value);

    public static JsonNode Integer(long value) => JsonValue.Create(JsonSerializer.SerializeToElement(value, BuiltInJson.Default.Int64))!;
}
