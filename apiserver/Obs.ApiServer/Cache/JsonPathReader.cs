using System.Text.Json;

namespace Obs.ApiServer.Cache;

/// <summary>
/// Reads one value of a JSON object by its path of property names with a forward-only reader: no
/// document is built and nothing is allocated but the string returned. The watch cache keeps
/// objects as their bytes only, and label selectors and a few per-request checks read one field of them.
/// </summary>
public static class JsonPathReader
{
    /// <summary>The string at <paramref name="path"/>; null when it is absent, not a string, or a parent is not an object.</summary>
    public static string? String(ReadOnlySpan<byte> json, params ReadOnlySpan<string> path)
    {
        var reader = new Utf8JsonReader(json);
        return MoveTo(ref reader, path) && reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
    }

    /// <summary>
    /// The bytes of the value at <paramref name="path"/> as they stand in <paramref name="json"/> (an object
    /// from its brace to its brace); empty when it is absent. For copying a part of an object as it is.
    /// </summary>
    public static ReadOnlySpan<byte> RawValue(ReadOnlySpan<byte> json, params ReadOnlySpan<string> path)
    {
        var reader = new Utf8JsonReader(json);
        if (!MoveTo(ref reader, path)) return [];
        var start = reader.TokenStartIndex;
        reader.Skip();
        return json[(int)start..(int)reader.BytesConsumed];
    }

    /// <summary>Leaves the reader on the value at <paramref name="path"/>; false when there is none.</summary>
    private static bool MoveTo(ref Utf8JsonReader reader, scoped ReadOnlySpan<string> path)
    {
        if (!reader.Read()) return false;
        foreach (var name in path)
        {
            if (reader.TokenType != JsonTokenType.StartObject) return false;
            var found = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var match = reader.ValueTextEquals(name);
                reader.Read();
                if (match)
                {
                    found = true;
                    break;
                }
                reader.Skip();
            }
            if (!found) return false;
        }
        return true;
    }
}
