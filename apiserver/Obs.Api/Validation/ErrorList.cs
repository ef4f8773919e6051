using System.Text.Json.Nodes;
using Obs.Api.Errors;

namespace Obs.Api.Validation;

/// <summary>
/// The errors found so far, plus typed reads that turn a wrong JSON type into an error instead of an
/// exception (a request body may hold anything). Null counts as absent, as it does for Go's decoder.
/// </summary>
internal sealed class ErrorList : List<FieldError>
{
    public string? String(JsonObject? obj, string name, string path)
    {
        var node = Get(obj, name);
        if (node is null) return null;
        if (JsonValues.String(node) is { } s) return s;
        AddType(path.Child(name), node, "string");
        return null;
    }

    public long? Long(JsonObject? obj, string name, string path)
    {
        var node = Get(obj, name);
        if (node is null) return null;
        if (JsonValues.TryLong(node, out var l)) return l;
        AddType(path.Child(name), node, "integer");
        return null;
    }

    public bool? Bool(JsonObject? obj, string name, string path)
    {
        var node = Get(obj, name);
        if (node is null) return null;
        if (JsonValues.Bool(node) is { } b) return b;
        AddType(path.Child(name), node, "boolean");
        return null;
    }

    public JsonObject? Object(JsonObject? obj, string name, string path)
    {
        var node = Get(obj, name);
        if (node is null) return null;
        if (node is JsonObject o) return o;
        AddType(path.Child(name), node, "object");
        return null;
    }

    public JsonArray? Array(JsonObject? obj, string name, string path)
    {
        var node = Get(obj, name);
        if (node is null) return null;
        if (node is JsonArray a) return a;
        AddType(path.Child(name), node, "array");
        return null;
    }

    /// <summary>The objects of a list field with their paths; non-object items are reported and skipped.</summary>
    public List<(JsonObject Item, string Path)> Objects(JsonObject? obj, string name, string path)
    {
        var result = new List<(JsonObject, string)>();
        var array = Array(obj, name, path);
        if (array is null) return result;
        for (var i = 0; i < array.Count; i++)
        {
            var itemPath = path.Child(name).Index(i);
            if (array[i] is JsonObject o) result.Add((o, itemPath));
            else AddType(itemPath, array[i], "object");
        }
        return result;
    }

    /// <summary>The strings of a list field; non-string items are reported and skipped.</summary>
    public List<string> Strings(JsonObject? obj, string name, string path)
    {
        var result = new List<string>();
        var array = Array(obj, name, path);
        if (array is null) return result;
        for (var i = 0; i < array.Count; i++)
        {
            if (JsonValues.String(array[i]) is { } s) result.Add(s);
            else AddType(path.Child(name).Index(i), array[i], "string");
        }
        return result;
    }

    /// <summary>The entries of a string map (labels, data); non-string values are reported and skipped.</summary>
    public List<KeyValuePair<string, string>> StringMap(JsonObject? obj, string name, string path) =>
        StringMapOf(Get(obj, name), path.Child(name));

    public List<KeyValuePair<string, string>> StringMapOf(JsonNode? node, string path)
    {
        var result = new List<KeyValuePair<string, string>>();
        if (node is null) return result;
        if (node is not JsonObject map)
        {
            AddType(path, node, "object");
            return result;
        }
        foreach (var (key, value) in map)
        {
            if (value is null) continue;
            if (JsonValues.String(value) is { } s) result.Add(new(key, s));
            else AddType(path.Key(key), value, "string");
        }
        return result;
    }

    public void AddType(string path, JsonNode? value, string type) =>
        Add(new FieldError(FieldErrorType.TypeInvalid, path, "must be of type " + type, value?.DeepClone()));

    private static JsonNode? Get(JsonObject? obj, string name) =>
        obj is not null && obj.TryGetPropertyValue(name, out var node) ? node : null;
}
