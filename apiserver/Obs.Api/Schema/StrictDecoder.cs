using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using Obs.Api.Resources;

namespace Obs.Api.Schema;

/// <summary>
/// Checks a JSON request body against the schema the way Kubernetes' strict decoder does:
/// unknown fields, duplicate fields and values of the wrong type, each with its path.
/// Reads the raw bytes, because a parsed <c>JsonNode</c> has already lost duplicates.
/// </summary>
public static class StrictDecoder
{
    private const int MaxDepth = 128;

    public static StrictDecodingResult Check(ReadOnlySpan<byte> utf8Json, ResourceType resource) =>
        Check(utf8Json, ApiSchema.Default.ForResource(resource));

    public static StrictDecodingResult Check(ReadOnlySpan<byte> utf8Json, SchemaType type)
    {
        var problems = new List<StrictProblem>();
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read()) return new StrictDecodingResult(problems);
            var root = new SchemaTypeRef(SchemaTypeKind.Object) { Object = type };
            Walk(ref reader, root, new StrictPath(type.Name), problems);
        }
        catch (JsonException e)
        {
            problems.Add(new StrictProblem(StrictProblemKind.WrongType, "", "invalid JSON: " + e.Message));
        }
        return new StrictDecodingResult(problems);
    }

    private static void Walk(ref Utf8JsonReader reader, SchemaTypeRef type, StrictPath at, List<StrictProblem> problems)
    {
        if (reader.TokenType == JsonTokenType.Null) return;
        switch (type.Kind)
        {
            case SchemaTypeKind.FreeForm:
            case SchemaTypeKind.RawJson:
                reader.Skip();
                return;
            case SchemaTypeKind.Object:
                if (!Expect(ref reader, JsonTokenType.StartObject, type, at, problems)) return;
                WalkObject(ref reader, type.Object!, at, problems);
                return;
            case SchemaTypeKind.Map:
                if (!Expect(ref reader, JsonTokenType.StartObject, type, at, problems)) return;
                WalkMap(ref reader, type.Element!, at, problems);
                return;
            case SchemaTypeKind.Array:
                if (!Expect(ref reader, JsonTokenType.StartArray, type, at, problems)) return;
                var index = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    at.PushIndex(index++);
                    Walk(ref reader, type.Element!, at, problems);
                    at.Pop();
                }
                return;
            default:
                CheckScalar(ref reader, type, at, problems);
                return;
        }
    }

    private static void WalkObject(ref Utf8JsonReader reader, SchemaType type, StrictPath at, List<StrictProblem> problems)
    {
        var seen = RentNameSet();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (!TryKnownField(ref reader, type, out var name, out var field))
            {
                name = reader.GetString()!;
                type.Fields.TryGetValue(name, out field);
            }
            reader.Read();
            at.PushField(name, type.Name);
            if (!seen.Add(name)) Problem(StrictProblemKind.DuplicateField, "duplicate field", at, problems);
            if (field is not null) Walk(ref reader, field.Type, at, problems);
            else
            {
                Problem(StrictProblemKind.UnknownField, "unknown field", at, problems);
                reader.Skip();
            }
            at.Pop();
        }
        ReturnNameSet(seen);
    }

    /// <summary>The longest member name looked up without a string of its own (longer ones are read as strings).</summary>
    private const int MaxLookedUpName = 128;

    /// <summary>
    /// The field the member name under the reader names, found without making a string of the name: the schema's own
    /// name string comes back for the duplicate check. False for an unknown name, and for an escaped or very long one,
    /// which the caller then reads as a string.
    /// </summary>
    private static bool TryKnownField(ref Utf8JsonReader reader, SchemaType type, [NotNullWhen(true)] out string? name, out SchemaField? field)
    {
        (name, field) = (null, null);
        if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > MaxLookedUpName) return false;
        Span<char> chars = stackalloc char[MaxLookedUpName];
        var length = Encoding.UTF8.GetChars(reader.ValueSpan, chars);
        return type.TryGetField(chars[..length], out name, out field);
    }

    private static void WalkMap(ref Utf8JsonReader reader, SchemaTypeRef element, StrictPath at, List<StrictProblem> problems)
    {
        var seen = RentNameSet();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString()!;
            reader.Read();
            // Go names the map field, not the key, in unmarshal errors (the key is no part of the Go path).
            at.PushMapKey(key);
            if (!seen.Add(key)) Problem(StrictProblemKind.DuplicateField, "duplicate field", at, problems);
            Walk(ref reader, element, at, problems);
            at.Pop();
        }
        ReturnNameSet(seen);
    }

    private static void Problem(StrictProblemKind kind, string what, StrictPath at, List<StrictProblem> problems)
    {
        var path = at.Path;
        problems.Add(new StrictProblem(kind, path, $"{what} \"{path}\""));
    }

    /// <summary>Sets of an object's member names kept per thread for the next object: each object of a body needed its own.</summary>
    [ThreadStatic] private static Stack<HashSet<string>>? t_nameSets;

    /// <summary>A set grown past this (a large map) is left to the GC rather than kept.</summary>
    private const int KeptNameSetSize = 256;

    private static HashSet<string> RentNameSet() =>
        t_nameSets is { Count: > 0 } sets ? sets.Pop() : new HashSet<string>(StringComparer.Ordinal);

    /// <summary>A set not returned (a body that failed to parse) is simply left to the GC.</summary>
    private static void ReturnNameSet(HashSet<string> set)
    {
        if (set.Count > KeptNameSetSize) return;
        set.Clear();
        (t_nameSets ??= new Stack<HashSet<string>>()).Push(set);
    }

    private static bool Expect(ref Utf8JsonReader reader, JsonTokenType expected, SchemaTypeRef type, StrictPath at, List<StrictProblem> problems)
    {
        if (reader.TokenType == expected) return true;
        WrongType(ref reader, type, at, problems);
        return false;
    }

    private static void CheckScalar(ref Utf8JsonReader reader, SchemaTypeRef type, StrictPath at, List<StrictProblem> problems)
    {
        var token = reader.TokenType;
        var ok = type.Kind switch
        {
            SchemaTypeKind.String or SchemaTypeKind.Time or SchemaTypeKind.MicroTime => token == JsonTokenType.String,
            SchemaTypeKind.Bool => token is JsonTokenType.True or JsonTokenType.False,
            SchemaTypeKind.Int32 => token == JsonTokenType.Number && reader.TryGetInt32(out _),
            SchemaTypeKind.Int64 => token == JsonTokenType.Number && reader.TryGetInt64(out _),
            SchemaTypeKind.Double => token == JsonTokenType.Number,
            SchemaTypeKind.Quantity => token is JsonTokenType.String or JsonTokenType.Number,
            SchemaTypeKind.IntOrString => token == JsonTokenType.String || token == JsonTokenType.Number && reader.TryGetInt32(out _),
            SchemaTypeKind.Bytes => token == JsonTokenType.String,
            _ => true,
        };
        if (!ok)
        {
            WrongType(ref reader, type, at, problems);
            return;
        }
        if (type.Kind == SchemaTypeKind.Bytes)
        {
            var text = reader.GetString()!;
            if (!IsBase64(text, out var badByte))
            {
                problems.Add(new StrictProblem(StrictProblemKind.WrongType, at.Path, $"illegal base64 data at input byte {badByte}"));
            }
        }
    }

    private static void WrongType(ref Utf8JsonReader reader, SchemaTypeRef type, StrictPath at, List<StrictProblem> problems)
    {
        var what = reader.TokenType switch
        {
            JsonTokenType.String => "string",
            JsonTokenType.True or JsonTokenType.False => "bool",
            JsonTokenType.StartObject => "object",
            JsonTokenType.StartArray => "array",
            // Go names the number when it is the value, not the kind, that does not fit (1.5 or 1e12 into int32).
            JsonTokenType.Number when type.Kind is SchemaTypeKind.Int32 or SchemaTypeKind.Int64 or SchemaTypeKind.IntOrString =>
                "number " + Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan),
            JsonTokenType.Number => "number",
            _ => reader.TokenType.ToString().ToLowerInvariant(),
        };
        reader.Skip();
        var goPath = at.GoPath;
        var target = goPath.Length == 0 ? $"Go value of type {type.GoName}" : $"Go struct field {at.GoStruct}.{goPath} of type {type.GoName}";
        problems.Add(new StrictProblem(StrictProblemKind.WrongType, at.Path, $"json: cannot unmarshal {what} into {target}"));
    }

    /// <summary>Standard base64 with padding, as Go decodes <c>[]byte</c>; reports where it goes wrong.</summary>
    private static bool IsBase64(string text, out int badByte)
    {
        badByte = 0;
        var buffer = new byte[text.Length];
        if (Convert.TryFromBase64String(text, buffer, out _)) return true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=' or '\r' or '\n'))
            {
                badByte = i;
                return false;
            }
        }
        badByte = text.Length - text.Length % 4;
        return false;
    }
}
