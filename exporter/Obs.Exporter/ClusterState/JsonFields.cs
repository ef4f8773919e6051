using System.Runtime.InteropServices;
using System.Text.Json;
using Obs.Exporter.Exposition;

namespace Obs.Exporter.ClusterState;

/// <summary>
/// Reading cached Kubernetes objects without allocating: fields are looked up by UTF-8 name, and string
/// values go into label values as the raw UTF-8 the document already holds.
/// </summary>
internal static class JsonFields
{
    /// <summary>The field <paramref name="name"/> of an object, or an undefined element when there is none.</summary>
    public static JsonElement Get(this JsonElement element, ReadOnlySpan<byte> name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    public static JsonElement Get(this JsonElement element, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second) =>
        element.Get(first).Get(second);

    public static double? Number(this JsonElement element) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var value) ? value : null;

    /// <summary>A number, or <paramref name="absent"/> (Kubernetes omits zero counts from status).</summary>
    public static double NumberOr(this JsonElement element, double absent) => element.Number() ?? absent;

    public static bool IsTrue(this JsonElement element) => element.ValueKind == JsonValueKind.True;

    public static bool Is(this JsonElement element, ReadOnlySpan<byte> text) =>
        element.ValueKind == JsonValueKind.String && element.ValueEquals(text);

    /// <summary>An RFC 3339 timestamp as whole Unix seconds, as kube-state-metrics reports times.</summary>
    public static double? UnixSeconds(this JsonElement element) =>
        element.ValueKind == JsonValueKind.String && element.TryGetDateTimeOffset(out var time) ? time.ToUnixTimeSeconds() : null;

    /// <summary>The array's elements, or none when the field is absent.</summary>
    public static JsonElement.ArrayEnumerator Items(this JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray() : default;

    public static int Length(this JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? element.GetArrayLength() : 0;

    /// <summary>The element of an array of objects whose <c>type</c> is <paramref name="type"/> (a condition, an address).</summary>
    public static JsonElement OfType(this JsonElement array, ReadOnlySpan<byte> type)
    {
        foreach (var item in array.Items())
        {
            if (item.Get("type"u8).Is(type))
            {
                return item;
            }
        }
        return default;
    }

    /// <summary>The string's UTF-8 bytes as the document holds them; false when it has escapes to decode.</summary>
    public static bool TryGetRawString(this JsonElement element, out ReadOnlySpan<byte> utf8)
    {
        utf8 = default;
        if (element.ValueKind != JsonValueKind.String)
        {
            return false;
        }
        var raw = JsonMarshal.GetRawUtf8Value(element);
        raw = raw[1..^1];
        if (raw.IndexOf((byte)'\\') >= 0)
        {
            return false;
        }
        utf8 = raw;
        return true;
    }

    /// <summary>
    /// A label whose value is a JSON string (or number, or boolean); absent or null gives the empty value,
    /// as kube-state-metrics writes an unset field.
    /// </summary>
    public static SampleWriter Label(this SampleWriter sample, string name, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return value.TryGetRawString(out var utf8) ? sample.Label(name, utf8) : sample.Label(name, value.GetString());
            case JsonValueKind.Number:
            case JsonValueKind.True:
            case JsonValueKind.False:
                return sample.Label(name, JsonMarshal.GetRawUtf8Value(value));
            default:
                return sample.Label(name, ReadOnlySpan<char>.Empty);
        }
    }

    /// <summary>A label that is <paramref name="fallback"/> when the field is absent or empty.</summary>
    public static SampleWriter LabelOr(this SampleWriter sample, string name, JsonElement value, string fallback) =>
        value.ValueKind == JsonValueKind.String && !value.ValueEquals(""u8) ? sample.Label(name, value) : sample.Label(name, fallback);
}
