using System.Text;
using System.Text.Json.Nodes;
using Obs.Api.Schema;
using Obs.ApiServer.Http;

namespace Obs.ApiServer.Auth;

/// <summary>
/// The spec of an access or rules review, from a JSON body or the protobuf one kubectl sends
/// (<c>k8s\0</c>, then runtime.Unknown whose field 2 is the review; the review's field 2 is its spec).
/// The protobuf fields are those of authorization/v1's (and authentication/v1's, for TokenReview) generated.proto.
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
            if (!TryField(body.AsSpan(4), 2, out var review) || !TryField(review, 2, out var spec)) return null;
            return kind switch
            {
                "SelfSubjectRulesReview" => Message(spec, new() { [1] = "namespace" }),
                "SelfSubjectReview" => null,
                // authentication/v1 TokenReviewSpec.
                "TokenReview" => Message(spec, new() { [1] = "token", [2] = "audiences" }, repeated: [2]),
                _ => AccessSpec(spec),
            };
        }
        catch (ProtobufDecodingException)
        {
            throw ApiErrors.BadRequest("malformed protobuf body");
        }
    }

    private static JsonObject AccessSpec(ReadOnlySpan<byte> spec)
    {
        var result = new JsonObject();
        var groups = new JsonArray();
        var reader = new ProtoWireReader(spec);
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag();
            if (wireType != ProtoWireReader.LengthDelimited)
            {
                reader.Skip(wireType);
                continue;
            }
            var value = reader.ReadLengthDelimited();
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

    /// <summary>A message of string fields, named by number (those in <paramref name="repeated"/> gathered in a list); other fields are left out.</summary>
    private static JsonObject Message(ReadOnlySpan<byte> message, Dictionary<int, string> names, int[]? repeated = null)
    {
        var result = new JsonObject();
        var reader = new ProtoWireReader(message);
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag();
            if (wireType != ProtoWireReader.LengthDelimited || !names.TryGetValue(number, out var name))
            {
                reader.Skip(wireType);
                continue;
            }
            var text = Text(reader.ReadLengthDelimited());
            if (repeated?.Contains(number) == true) ((result[name] ??= new JsonArray()) as JsonArray)!.Add(text);
            else result[name] = text;
        }
        return result;
    }

    private static string Text(ReadOnlySpan<byte> value) => Encoding.UTF8.GetString(value);

    /// <summary>The first length-delimited field numbered <paramref name="wanted"/>.</summary>
    private static bool TryField(ReadOnlySpan<byte> message, int wanted, out ReadOnlySpan<byte> value)
    {
        var reader = new ProtoWireReader(message);
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag();
            if (number == wanted && wireType == ProtoWireReader.LengthDelimited)
            {
                value = reader.ReadLengthDelimited();
                return true;
            }
            reader.Skip(wireType);
        }
        value = default;
        return false;
    }
}
