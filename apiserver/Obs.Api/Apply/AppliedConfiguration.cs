using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Api.Apply;

/// <summary>
/// Checks an applied configuration can be merged element by element: every element of a map-list
/// carries its keys, and no key or set value appears twice. A live object may hold such lists (other
/// writers are not held to this) and then they are merged whole; an applier is told instead.
/// </summary>
public static class AppliedConfiguration
{
    /// <summary>Every problem found, each prefixed with its path (<c>.spec.template.spec.containers: ...</c>); empty when fine.</summary>
    public static IReadOnlyList<string> Check(JsonObject applied, IMergeSchema? schema)
    {
        var errors = new List<string>();
        Walk(applied, schema, [], errors);
        return errors;
    }

    private static void Walk(JsonNode? node, IMergeSchema? schema, List<string> path, List<string> errors)
    {
        if (MergeShape.IsGranularObject(node, schema))
        {
            foreach (var (key, value) in node!.AsObject())
            {
                path.Add(PathElement.Field(key));
                Walk(value, MergeShape.Child(schema, key), path, errors);
                path.RemoveAt(path.Count - 1);
            }
            return;
        }
        if (node is not JsonArray list || schema is null || schema.ListType == ListType.Atomic) return;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var where = PathElement.Display(path);
        for (var i = 0; i < list.Count; i++)
        {
            var item = list[i];
            string id;
            if (schema.ListType == ListType.Set)
            {
                id = PathElement.Value(item);
            }
            else if (item is not JsonObject element)
            {
                errors.Add($"{where}: element {i}: associative list with keys may only contain objects");
                continue;
            }
            else if (schema.ListMapKeys.FirstOrDefault(k => k != "protocol" && element[k] is null) is { } missing)
            {
                errors.Add($"{where}: element {i}: associative list with keys has an element that omits key field \"{missing}\" (and doesn't have default value)");
                continue;
            }
            else
            {
                id = MergeShape.Elements(new JsonArray(element.DeepClone()), schema)![0].Id;
            }
            if (!seen.Add(id))
            {
                errors.Add($"{where}: duplicate entries for key {PathElement.Display(id)}");
                continue;
            }
            path.Add(id);
            Walk(item, schema.Items, path, errors);
            path.RemoveAt(path.Count - 1);
        }
    }
}
