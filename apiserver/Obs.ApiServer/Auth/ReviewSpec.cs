using System.Text;
using System.Text.Json.Nodes;
using Obs.ApiServer.Http;

namespace Obs.ApiServer.Auth;

/// <summary>
/// The spec of an access or rules review, from a JSON body or the protobuf one kubectl sends
/// (<c>k8s\0</c>, then runtime.Unknown whose field 2 is the review; the review's field 2 is its spec).
/// The protobuf fields are those of authorization/v1's generated.proto.
/// </summary>
internal static class ReviewSpec
{
    public static JsonObject? Read(string? contentType, byte[] body, string kind)
    {
        if (contentType?.StartsWith("application/vnd.kubernetes.protobuf", StringComparison.Ordinal) != true)
            return RequestBody.AsObject(RequestBody.ParseJson(body))["spec"] as JsonObject;
        if (body.Length < 4 || !body.AsSpan(0, 4).SequenceEqual("k8s\0"u8)) throw ApiErrors.BadRequest("protobuf body does not start with k8s\\0");
        try
        {
            var review = Field(body.AsMemory(4), 2);
            var spec = review is null ? null : Field(review.Value, 2);
            return spec is null ? null : kind switch
            {
                "SelfSubjectRulesReview" => Message(spec.Value, new() { [1] = "namespace" }),
                "SelfSubjectReview" => null,
                _ => AccessSpec(spec.Value),
            };
        }
        catch (IndexOutOfRangeException)
        {
            throw ApiErrors.BadRequest("malformed protobuf body");
        }
    }

    private static JsonObject AccessSpec(ReadOnlyMemory<byte> spec)
    {
        var result = new JsonObject();
        var groups = new JsonArray();
        foreach (var (number, value) in Fields(spec))
        {
            switch (number)
            {
                case 1: result["resourceAttributes"] = Message(value, new() { [1] = "namespace", [2] = "verb", [3] = "group", [4] = "version", [5] = "resource", [6] = "subresource", [7] = "name" }); break;
                case 2: result["nonResourceAttributes"] = Message(value, new() { [1] = "path", [2] = "verb" }); break;
                case 3: result["user"] = Text(value); break;
                case 4: groups.Add(Text(value)); break;
                case 6: result["uid"] = Text(value); break;
            }
        }
        if (groups.Count > 0) result["groups"] = groups;
        return result;
    }

    /// <summary>A message of string fields, named by number; other fields are left out.</summary>
    private static JsonObject Message(ReadOnlyMemory<byte> message, Dictionary<int, string> names)
    {
        var result = new JsonObject();
        foreach (var (number, value) in Fields(message))
        {
            if (names.TryGetValue(number, out var name)) result[name] = Text(value);
        }
        return result;
    }

    private static string Text(ReadOnlyMemory<byte> value) => Encoding.UTF8.GetString(value.Span);

    private static ReadOnlyMemory<byte>? Field(ReadOnlyMemory<byte> message, int wanted)
    {
        foreach (var (number, value) in Fields(message)) if (number == wanted) return value;
        return null;
    }

    /// <summary>The length-delimited fields of a message; varints and fixed-width fields are skipped.</summary>
    private static IEnumerable<(int Number, ReadOnlyMemory<byte> Value)> Fields(ReadOnlyMemory<byte> message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var tag = Varint(message.Span, ref position);
            var (number, wireType) = ((int)(tag >> 3), (int)(tag & 7));
            switch (wireType)
            {
                case 0: Varint(message.Span, ref position); break;
                case 1: position += 8; break;
                case 5: position += 4; break;
                case 2:
                    var length = (int)Varint(message.Span, ref position);
                    if (length < 0 || position + length > message.Length) throw new IndexOutOfRangeException();
                    yield return (number, message.Slice(position, length));
                    position += length;
                    break;
                default: throw new IndexOutOfRangeException();
            }
        }
    }

    private static ulong Varint(ReadOnlySpan<byte> data, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = data[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return value;
        }
        throw new IndexOutOfRangeException();
    }
}
