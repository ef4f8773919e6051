using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Obs.Api.Validation;

/// <summary>
/// Type-tolerant reads of JSON values. Objects arrive parsed from requests but also built in code
/// (where a <see cref="JsonValue"/> may wrap an int that refuses <c>GetValue&lt;long&gt;</c>), so numbers
/// are read from their JSON text.
/// </summary>
internal static class JsonValues
{
    public static bool TryLong(JsonNode? node, out long value)
    {
        value = 0;
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.Number) return false;
        var text = v.ToJsonString();
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)) return true;
        // 3.0 is an integer to Go's decoder too.
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && Math.Abs(d) < 9e15)
        {
            value = (long)d;
            return true;
        }
        return false;
    }

    public static string? String(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    public static bool? Bool(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? v.GetValueKind() == JsonValueKind.True : null;
}
