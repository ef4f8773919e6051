using System.Text.Json;
using System.Text.Json.Nodes;

namespace Obs.Api.Patch;

/// <summary>One parsed RFC 6902 operation, checked for shape before any operation runs.</summary>
internal sealed record JsonPatchOperation(string Op, JsonPointer Path, JsonPointer? From, JsonNode? Value)
{
    private static readonly string[] Ops = ["add", "remove", "replace", "move", "copy", "test"];

    public static JsonPatchOperation Parse(JsonNode? node, int position)
    {
        if (node is not JsonObject obj)
            throw PatchException.Malformed($"JSON patch operation {position} is not an object");
        var op = StringMember(obj, "op", position)
            ?? throw PatchException.Malformed($"JSON patch operation {position} is missing \"op\"");
        if (!Ops.Contains(op))
            throw PatchException.Malformed($"JSON patch operation {position} has unsupported op \"{op}\": expected one of add, remove, replace, move, copy, test");
        var path = StringMember(obj, "path", position)
            ?? throw PatchException.Malformed($"{op} operation {position} is missing \"path\"");
        JsonPointer? from = null;
        if (op is "move" or "copy")
        {
            from = JsonPointer.Parse(StringMember(obj, "from", position)
                ?? throw PatchException.Malformed($"{op} operation {position} is missing \"from\""));
        }
        JsonNode? value = null;
        // "value": null is a value (JSON null), so presence is checked, not nullness.
        if (op is "add" or "replace" or "test" && !obj.TryGetPropertyValue("value", out value))
            throw PatchException.Malformed($"{op} operation {position} is missing \"value\"");
        return new JsonPatchOperation(op, JsonPointer.Parse(path), from, value);
    }

    private static string? StringMember(JsonObject obj, string name, int position)
    {
        if (!obj.TryGetPropertyValue(name, out var node) || node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String) return v.GetValue<string>();
        throw PatchException.Malformed($"JSON patch operation {position} has a non-string \"{name}\"");
    }
}
