using System.Text.Json;
using System.Text.Json.Nodes;
using Obs.Api.Serialization;

namespace Obs.Api.Defaults;

/// <summary>
/// The three ways Kubernetes decides a field is "unset" before defaulting it, mirrored on JSON:
/// a pointer is unset when absent or null, a string when also empty, a plain integer when also zero.
/// </summary>
internal static class DefaultFields
{
    /// <summary>Sets a pointer-typed field (absent or null counts as unset).</summary>
    public static void Pointer(JsonObject obj, string key, JsonNode value)
    {
        if (obj[key] is null) obj[key] = value;
    }

    /// <summary>Sets a pointer-typed integer field (absent or null counts as unset).</summary>
    public static void Pointer(JsonObject obj, string key, long value)
    {
        if (obj[key] is null) obj[key] = Number(value);
    }

    /// <summary>
    /// A number as parsed JSON holds it. A value made from a C# <c>int</c> answers only
    /// <c>GetValue&lt;int&gt;</c>, one made from <c>long</c> only <c>long</c>; a parsed one answers both,
    /// so defaulted numbers read back like numbers the user sent.
    /// </summary>
    public static JsonNode Number(long value) => JsonValue.Create(JsonSerializer.SerializeToElement(value, BuiltInJson.Default.Int64))!;

    /// <summary>The integer a JSON number holds, whatever C# type backs the node.</summary>
    public static bool TryInteger(JsonNode? node, out long value)
    {
        value = 0;
        return node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            && long.TryParse(v.ToJsonString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Sets a string field (absent, null or "" counts as unset).</summary>
    public static void String(JsonObject obj, string key, string value)
    {
        if (IsUnsetString(obj, key)) obj[key] = value;
    }

    /// <summary>True when a string field is absent, null or "".</summary>
    public static bool IsUnsetString(JsonObject obj, string key) =>
        obj[key] is not JsonValue v || (v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length == 0);

    /// <summary>The string at <paramref name="key"/>, or "" when absent or not a string.</summary>
    public static string Text(JsonObject? obj, string key) =>
        obj?[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "";

    /// <summary>Sets a non-pointer integer field (absent, null or 0 counts as unset).</summary>
    public static void Integer(JsonObject obj, string key, long value)
    {
        if (obj[key] is not JsonValue v || (TryInteger(v, out var current) && current == 0)) obj[key] = Number(value);
    }

    /// <summary>The object at <paramref name="key"/>, or null when absent or not an object.</summary>
    public static JsonObject? Child(JsonObject obj, string key) => obj[key] as JsonObject;

    /// <summary>The object elements of the list at <paramref name="key"/>; elements of other shapes are skipped (validation reports them).</summary>
    public static IEnumerable<JsonObject> Items(JsonObject? obj, string key) =>
        obj?[key] is JsonArray array ? array.OfType<JsonObject>().ToList() : [];

    /// <summary>True when the field holds something other than null.</summary>
    public static bool Has(JsonObject obj, string key) => obj[key] is not null;
}
