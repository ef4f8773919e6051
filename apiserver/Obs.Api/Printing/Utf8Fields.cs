using System.Text.Json;

namespace Obs.Api.Printing;

/// <summary>
/// The printers' lenient reads (a missing or mistyped field reads as empty, as <see cref="Fields"/> reads a
/// node tree) on a forward-only reader left on a property name: each reads
/// that property's value and leaves the reader on its last token. A printer that reads an object's bytes
/// this way builds no document: parsing each cached Pod again was most of a Table LIST's cost.
/// </summary>
internal static class Utf8Fields
{
    /// <summary>The string value; "" for any other kind (as a missing or mistyped field prints).</summary>
    public static string Text(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String) return reader.GetString()!;
        reader.Skip();
        return "";
    }

    /// <summary>
    /// Whether the value is a string equal to <paramref name="text"/>, compared without copying it out; a string
    /// leaves the reader on it, to be compared with another text by <see cref="Utf8JsonReader.ValueTextEquals(ReadOnlySpan{byte})"/>.
    /// </summary>
    public static bool TextEquals(ref Utf8JsonReader reader, ReadOnlySpan<byte> text)
    {
        reader.Read();
        var equal = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(text);
        reader.Skip();
        return equal;
    }

    /// <summary>The integer value; 0 for any other kind or a number that is not a 64-bit integer.</summary>
    public static long Integer(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value)) return value;
        reader.Skip();
        return 0;
    }

    /// <summary>True only for the JSON literal true.</summary>
    public static bool IsTrue(ref Utf8JsonReader reader)
    {
        reader.Read();
        var isTrue = reader.TokenType == JsonTokenType.True;
        reader.Skip();
        return isTrue;
    }

    /// <summary>Whether the value is anything but JSON null (a present pointer in Go, whatever it holds).</summary>
    public static bool IsPresent(ref Utf8JsonReader reader)
    {
        reader.Read();
        var present = reader.TokenType != JsonTokenType.Null;
        reader.Skip();
        return present;
    }

    /// <summary>Moves onto the value; true when it is an object (read its properties with <see cref="NextProperty"/>), else skips it.</summary>
    public static bool EnterObject(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.StartObject) return true;
        reader.Skip();
        return false;
    }

    /// <summary>Moves onto the next property name of the object being read; false at its end.</summary>
    public static bool NextProperty(ref Utf8JsonReader reader) => reader.Read() && reader.TokenType == JsonTokenType.PropertyName;

    /// <summary>Moves onto the value; true when it is an array (read its objects with <see cref="NextObject"/>), else skips it.</summary>
    public static bool EnterArray(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.StartArray) return true;
        reader.Skip();
        return false;
    }

    /// <summary>Moves onto the start of the array's next object, skipping entries of other kinds; false at its end.</summary>
    public static bool NextObject(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.StartObject) return true;
            reader.Skip();
        }
        return false;
    }
}
