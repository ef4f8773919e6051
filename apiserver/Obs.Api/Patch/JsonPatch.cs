using System.Text.Json.Nodes;

namespace Obs.Api.Patch;

/// <summary>
/// RFC 6902 JSON Patch (<c>application/json-patch+json</c>), as <c>kubectl rollout undo</c> sends it.
/// The operations run in order on a copy of the document; the first failure rejects the whole patch.
/// </summary>
public static class JsonPatch
{
    /// <summary>The most operations one patch may carry, as in Kubernetes (more is 413).</summary>
    public const int MaxOperations = 10000;

    /// <summary>
    /// The document after every operation of <paramref name="patch"/> (a JSON array). Neither input is changed.
    /// Throws <see cref="PatchException"/>: Malformed for a badly formed patch, NotApplicable when an
    /// operation does not fit the document (missing path, failed test), TooLarge past <see cref="MaxOperations"/>.
    /// </summary>
    public static JsonNode? Apply(JsonNode? doc, JsonNode? patch)
    {
        if (patch is not JsonArray array) throw PatchException.Malformed("a JSON patch must be a JSON array of operations");
        if (array.Count > MaxOperations)
            throw new PatchException(PatchFailure.TooLarge, $"The allowed maximum operations in a JSON patch is {MaxOperations}, got {array.Count}");
        var operations = new List<JsonPatchOperation>(array.Count);
        for (var i = 0; i < array.Count; i++) operations.Add(JsonPatchOperation.Parse(array[i], i));

        var root = doc?.DeepClone();
        foreach (var op in operations) root = Apply(root, op);
        return root;
    }

    private static JsonNode? Apply(JsonNode? root, JsonPatchOperation op) => op.Op switch
    {
        "add" => Add(root, op.Path, op.Value?.DeepClone(), "add"),
        "remove" => Remove(root, op.Path, "remove").Root,
        "replace" => Replace(root, op.Path, op.Value?.DeepClone()),
        "move" => Move(root, op.From!, op.Path),
        "copy" => Add(root, op.Path, Resolve(root, op.From!, "copy").Value?.DeepClone(), "copy"),
        _ => Test(root, op.Path, op.Value),
    };

    private static JsonNode? Add(JsonNode? root, JsonPointer path, JsonNode? value, string opName)
    {
        if (path.IsRoot) return value;
        var (parent, last) = Parent(root, path, opName);
        switch (parent)
        {
            case JsonObject obj:
                obj[last] = value;
                break;
            case JsonArray array when last == "-":
                array.Add(value);
                break;
            case JsonArray array when JsonPointer.TryParseIndex(last, out var index) && index <= array.Count:
                array.Insert(index, value);
                break;
            case JsonArray array:
                throw PatchException.NotApplicable(
                    $"{opName} operation does not apply: \"{last}\" in path \"{path}\" is not an index from 0 to {array.Count} or \"-\" for the array there");
        }
        return root;
    }

    private static (JsonNode? Root, JsonNode? Removed) Remove(JsonNode? root, JsonPointer path, string opName)
    {
        if (path.IsRoot) throw PatchException.NotApplicable($"{opName} operation does not apply: the whole document cannot be removed");
        var (parent, last) = Parent(root, path, opName);
        switch (parent)
        {
            case JsonObject obj when obj.TryGetPropertyValue(last, out var value):
                obj.Remove(last);
                return (root, value);
            case JsonArray array when JsonPointer.TryParseIndex(last, out var index) && index < array.Count:
                var item = array[index];
                array.RemoveAt(index);
                return (root, item);
            default:
                throw Missing(opName, path);
        }
    }

    private static JsonNode? Replace(JsonNode? root, JsonPointer path, JsonNode? value)
    {
        if (path.IsRoot) return value;
        var (parent, last) = Parent(root, path, "replace");
        switch (parent)
        {
            case JsonObject obj when obj.ContainsKey(last):
                obj[last] = value;
                return root;
            case JsonArray array when JsonPointer.TryParseIndex(last, out var index) && index < array.Count:
                array[index] = value;
                return root;
            default:
                throw Missing("replace", path);
        }
    }

    private static JsonNode? Move(JsonNode? root, JsonPointer from, JsonPointer path)
    {
        Resolve(root, from, "move");
        if (from.Tokens.SequenceEqual(path.Tokens)) return root;
        if (from.IsProperPrefixOf(path))
            throw PatchException.NotApplicable($"move operation does not apply: \"{from}\" cannot be moved into its own child \"{path}\"");
        (root, var value) = Remove(root, from, "move");
        return Add(root, path, value, "move");
    }

    private static JsonNode? Test(JsonNode? root, JsonPointer path, JsonNode? expected)
    {
        if (!path.TryResolve(root, out var actual))
            throw PatchException.NotApplicable($"testing value {path} failed: doc is missing path: \"{path}\"");
        if (!JsonNode.DeepEquals(actual, expected))
            throw PatchException.NotApplicable($"testing value {path} failed: expected {JsonSnippet.Of(expected)}, found {JsonSnippet.Of(actual)}");
        return root;
    }

    private static (JsonNode? Value, bool Found) Resolve(JsonNode? root, JsonPointer from, string opName) =>
        from.TryResolve(root, out var value)
            ? (value, true)
            : throw PatchException.NotApplicable($"{opName} operation does not apply: doc is missing from path: \"{from}\"");

    /// <summary>The container the last token of <paramref name="path"/> names a member of.</summary>
    private static (JsonNode Parent, string Last) Parent(JsonNode? root, JsonPointer path, string opName)
    {
        var tokens = path.Tokens;
        if (JsonPointer.TryResolve(root, tokens, tokens.Count - 1, out var parent) && parent is JsonObject or JsonArray)
            return (parent, tokens[^1]);
        throw Missing(opName, path);
    }

    private static PatchException Missing(string opName, JsonPointer path) =>
        PatchException.NotApplicable($"{opName} operation does not apply: doc is missing path: \"{path}\"");
}
