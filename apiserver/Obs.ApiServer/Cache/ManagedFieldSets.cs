using System.Text.Json;
using Obs.ApiServer.Storage;

namespace Obs.ApiServer.Cache;

/// <summary>
/// Finds where the field sets of an object's managedFields (<c>metadata.managedFields[].fieldsV1</c>) stand in its
/// JSON, reading with a forward-only reader no further than the end of the metadata.
/// </summary>
internal static class ManagedFieldSets
{
    /// <summary>
    /// The byte ranges of the field sets (each <c>fieldsV1</c> that is an object), in order; null when there is none. JSON
    /// this process serialized has them noted already (<see cref="StoredJson.FieldSets"/>): this is for JSON read back.
    /// </summary>
    public static List<(int Start, int Length)>? Find(ReadOnlySpan<byte> json)
    {
        try
        {
            return Read(json);
        }
        catch (JsonException)
        {
            // Bytes that are not JSON are cached as they came (never the case for stored objects): nothing is taken out.
            return null;
        }
    }

    private static List<(int Start, int Length)>? Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
        if (!MoveToProperty(ref reader, "metadata"u8) || reader.TokenType != JsonTokenType.StartObject) return null;
        if (!MoveToProperty(ref reader, "managedFields"u8) || reader.TokenType != JsonTokenType.StartArray) return null;
        List<(int Start, int Length)>? found = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isFieldSet = reader.ValueTextEquals("fieldsV1"u8);
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                var length = (int)reader.BytesConsumed - start;
                if (isFieldSet && reader.TokenType == JsonTokenType.EndObject)
                    (found ??= []).Add((start, length));
            }
        }
        return found;
    }

    /// <summary>Leaves the reader on the value of the current object's property <paramref name="name"/>; false when it has none.</summary>
    private static bool MoveToProperty(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(name);
            reader.Read();
            if (match) return true;
            reader.Skip();
        }
        return false;
    }
}
