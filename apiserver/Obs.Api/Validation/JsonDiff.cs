using System.Text.Json.Nodes;

namespace Obs.Api.Validation;

/// <summary>The paths where two JSON trees differ, for messages that say what changed (as Kubernetes' spec-diff does).</summary>
internal static class JsonDiff
{
    public static List<string> Paths(JsonNode? before, JsonNode? after, string path, int limit = 10)
    {
        var result = new List<string>();
        Walk(before, after, path, result, limit);
        return result;
    }

    private static void Walk(JsonNode? before, JsonNode? after, string path, List<string> result, int limit)
    {
        if (result.Count >= limit || JsonNode.DeepEquals(before, after)) return;
        if (before is JsonObject a && after is JsonObject b)
        {
            foreach (var key in a.Select(kv => kv.Key).Union(b.Select(kv => kv.Key)).Order(StringComparer.Ordinal))
                Walk(a[key], b[key], path.Child(key), result, limit);
            return;
        }
        if (before is JsonArray x && after is JsonArray y && x.Count == y.Count)
        {
            for (var i = 0; i < x.Count; i++) Walk(x[i], y[i], path.Index(i), result, limit);
            return;
        }
        result.Add(path);
    }
}
