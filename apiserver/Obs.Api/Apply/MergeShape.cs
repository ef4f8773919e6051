using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Api.Apply;

/// <summary>
/// How apply sees a value at one position, read from <see cref="IMergeSchema"/>. Without a schema it
/// deduces as structured-merge-diff does for unknown types: objects merge field by field, lists are atomic.
/// </summary>
internal static class MergeShape
{
    /// <summary>The schema one step down an object: its declared field, else the map's value schema.</summary>
    public static IMergeSchema? Child(IMergeSchema? schema, string key) => schema is null ? null : schema.Field(key) ?? schema.Items;

    /// <summary>An object whose fields are merged and owned one by one (not <c>x-kubernetes-map-type: atomic</c>).</summary>
    public static bool IsGranularObject(JsonNode? node, IMergeSchema? schema) => node is JsonObject && !(schema?.IsAtomicMap ?? false);

    /// <summary>
    /// True for a key of a map with free keys (labels, annotations, data) rather than a declared field:
    /// Kubernetes owns such an entry itself, not only the fields inside it.
    /// </summary>
    public static bool IsMapEntry(IMergeSchema? schema, string key) => schema is not null && schema.Field(key) is null && schema.Items is not null;

    /// <summary>The list's elements with their identities (<c>k:</c> or <c>v:</c>), or null when the list is handled whole.</summary>
    public static List<(string Id, JsonNode? Item)>? Elements(JsonNode? node, IMergeSchema? schema)
    {
        if (node is not JsonArray list || schema is null || schema.ListType == ListType.Atomic) return null;
        var elements = new List<(string, JsonNode?)>(list.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list)
        {
            var id = schema.ListType == ListType.Set ? PathElement.Value(item) : KeyOf(item, schema.ListMapKeys);
            // An element without its keys, or a repeated identity, cannot be merged item by item:
            // the list is then treated as one value rather than guessing which elements match.
            if (id is null || !seen.Add(id)) return null;
            elements.Add((id, item));
        }
        return elements;
    }

    private static string? KeyOf(JsonNode? item, IReadOnlyList<string> keys)
    {
        if (item is not JsonObject obj || keys.Count == 0) return null;
        var values = new List<KeyValuePair<string, JsonNode?>>(keys.Count);
        foreach (var key in keys)
        {
            if (obj.TryGetPropertyValue(key, out var value) && value is not null)
            {
                values.Add(new(key, value));
            }
            else if (key == "protocol")
            {
                // Ports are keyed by (port, protocol) and manifests usually omit the protocol; Kubernetes
                // keys them by its default so that {containerPort: 80} matches the stored {.., protocol: TCP}.
                values.Add(new(key, JsonValue.Create("TCP")));
            }
            else
            {
                return null;
            }
        }
        return PathElement.Key(values);
    }
}
