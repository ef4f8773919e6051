using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Api.Apply;

/// <summary>
/// What changed between two versions of an object, as field sets: paths that appeared (with every node
/// below them), paths whose value changed, and paths that disappeared. Updates take ownership of what
/// appeared or changed; everyone loses what disappeared.
/// </summary>
internal sealed record ObjectComparison(FieldSet Added, FieldSet Modified, FieldSet Removed)
{
    public FieldSet Changed => Added.Union(Modified);

    public static ObjectComparison Of(JsonObject before, JsonObject after, IMergeSchema? schema)
    {
        var added = new FieldSet.Builder();
        var modified = new FieldSet.Builder();
        var removed = new FieldSet.Builder();
        new Walker(added, modified, removed).Compare(before, after, schema, []);
        return new ObjectComparison(added.Build(), modified.Build(), removed.Build());
    }

    private sealed class Walker(FieldSet.Builder added, FieldSet.Builder modified, FieldSet.Builder removed)
    {
        public void Compare(JsonNode? before, JsonNode? after, IMergeSchema? schema, List<string> path)
        {
            if (before is null && after is null) return;
            if (before is null)
            {
                InsertAll(after, schema, path, added);
                return;
            }
            if (after is null)
            {
                InsertAll(before, schema, path, removed);
                return;
            }
            if (MergeShape.IsGranularObject(before, schema) && MergeShape.IsGranularObject(after, schema))
            {
                var b = before.AsObject();
                var a = after.AsObject();
                // Two empty objects are one value; comparing them as a leaf keeps {} distinct from absent.
                if (b.Count == 0 && a.Count == 0) return;
                foreach (var key in b.Select(p => p.Key).Union(a.Select(p => p.Key)).ToList())
                {
                    path.Add(PathElement.Field(key));
                    Compare(b[key], a[key], MergeShape.Child(schema, key), path);
                    path.RemoveAt(path.Count - 1);
                }
                return;
            }
            if (MergeShape.Elements(before, schema) is { } beforeItems && MergeShape.Elements(after, schema) is { } afterItems)
            {
                var beforeById = beforeItems.ToDictionary(e => e.Id, e => e.Item, StringComparer.Ordinal);
                var afterById = afterItems.ToDictionary(e => e.Id, e => e.Item, StringComparer.Ordinal);
                foreach (var id in beforeItems.Select(e => e.Id).Union(afterItems.Select(e => e.Id)).ToList())
                {
                    path.Add(id);
                    Compare(beforeById.GetValueOrDefault(id), afterById.GetValueOrDefault(id), schema!.Items, path);
                    path.RemoveAt(path.Count - 1);
                }
                return;
            }
            if (!JsonNode.DeepEquals(before, after)) modified.Insert(path);
        }
    }

    /// <summary>Adds <paramref name="path"/> and every path below it in <paramref name="node"/> to <paramref name="set"/>.</summary>
    internal static void InsertAll(JsonNode? node, IMergeSchema? schema, List<string> path, FieldSet.Builder set)
    {
        set.Insert(path);
        if (MergeShape.IsGranularObject(node, schema))
        {
            foreach (var (key, value) in node!.AsObject())
            {
                if (value is null) continue;
                path.Add(PathElement.Field(key));
                InsertAll(value, MergeShape.Child(schema, key), path, set);
                path.RemoveAt(path.Count - 1);
            }
        }
        else if (MergeShape.Elements(node, schema) is { } elements)
        {
            foreach (var (id, item) in elements)
            {
                path.Add(id);
                InsertAll(item, schema!.Items, path, set);
                path.RemoveAt(path.Count - 1);
            }
        }
    }
}
