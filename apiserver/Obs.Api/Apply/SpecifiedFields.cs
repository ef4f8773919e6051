using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Api.Apply;

/// <summary>
/// The fields an object (usually an applied configuration) specifies: every scalar, atomic list and
/// atomic map it sets, every element of a map-list or set, and empty or null values as leaves. This is
/// what an applier owns after applying it.
/// </summary>
public static class SpecifiedFields
{
    public static FieldSet Of(JsonObject obj, IMergeSchema? schema)
    {
        var builder = new FieldSet.Builder();
        var path = new List<string>();
        Walk(obj, schema, path, builder);
        return builder.Build();
    }

    private static void Walk(JsonNode? node, IMergeSchema? schema, List<string> path, FieldSet.Builder set)
    {
        if (MergeShape.IsGranularObject(node, schema))
        {
            foreach (var (key, value) in node!.AsObject())
            {
                path.Add(PathElement.Field(key));
                var child = MergeShape.Child(schema, key);
                if (value is null || value is JsonObject { Count: 0 })
                {
                    set.Insert(path);
                }
                else
                {
                    Walk(value, child, path, set);
                    if (MergeShape.IsMapEntry(schema, key)) set.Insert(path);
                }
                path.RemoveAt(path.Count - 1);
            }
            return;
        }
        if (node is JsonArray && MergeShape.Elements(node, schema) is { } elements)
        {
            foreach (var (id, item) in elements)
            {
                path.Add(id);
                Walk(item, schema!.Items, path, set);
                set.Insert(path);
                path.RemoveAt(path.Count - 1);
            }
            return;
        }
        set.Insert(path);
    }
}
