using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Obs.Api.CustomResources;

namespace Obs.Api.Cel;

/// <summary>
/// Turns JSON into CEL values: objects into <see cref="CelMap"/>, arrays into <see cref="CelList"/>,
/// numbers into int (long) or, where the schema says <c>number</c> or the value has a fraction, double.
/// </summary>
public static class CelValues
{
    /// <summary>The CEL value of <paramref name="node"/>, read with <paramref name="schema"/> when one is known.</summary>
    public static object? FromJson(JsonNode? node, StructuralSchema? schema = null)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject o:
                return new CelMap(o, schema);
            case JsonArray a:
                return new CelList(a, schema?.Items, unordered: schema?.ListType is "set" or "map");
        }
        var value = (JsonValue)node;
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                return Formatted(value.GetValue<string>(), schema?.Format);
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Number:
                var text = value.ToJsonString();
                if (schema?.Type != "number" && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
                return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            default:
                return null;
        }
    }

    /// <summary>
    /// Kubernetes gives rules strings of the formats date-time and date as timestamps, duration as durations
    /// and byte as bytes; a string that does not read as its format stays a string.
    /// </summary>
    private static object Formatted(string s, string? format)
    {
        try
        {
            return format switch
            {
                "date-time" => CelTime.ParseTimestamp(s),
                "date" => CelTime.ParseTimestamp(s + "T00:00:00Z"),
                "duration" => CelTime.ParseDuration(s),
                "byte" => Convert.FromBase64String(s),
                _ => s,
            };
        }
        catch (Exception e) when (e is CelEvaluationException or FormatException)
        {
            return s;
        }
    }

    /// <summary>The JSON of a CEL value (for a messageExpression's result or a value handed back to callers).</summary>
    public static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        bool b => JsonValue.Create(b),
        long l => JsonValue.Create(l),
        ulong u => JsonValue.Create(u),
        double d => JsonValue.Create(d),
        string s => JsonValue.Create(s),
        byte[] bytes => JsonValue.Create(Convert.ToBase64String(bytes)),
        CelList list => new JsonArray(list.Select(ToJson).ToArray()),
        CelMap map => ToJsonObject(map),
        _ => JsonValue.Create(CelFormat.Display(value)),
    };

    private static JsonObject ToJsonObject(CelMap map)
    {
        var o = new JsonObject();
        foreach (var key in map.Keys)
        {
            map.TryGet(key, out var v);
            o[CelFormat.Display(key)] = ToJson(v);
        }
        return o;
    }
}
