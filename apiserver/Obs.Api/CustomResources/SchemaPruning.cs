using System.Text.Json.Nodes;
using Obs.Api.Validation;

namespace Obs.Api.CustomResources;

/// <summary>
/// Drops the fields a structural schema does not declare, as kube-apiserver prunes custom objects before
/// storing them: unknown fields go, except under <c>x-kubernetes-preserve-unknown-fields</c>, in a map
/// (<c>additionalProperties</c>), and the apiVersion, kind and metadata of the object and of embedded resources.
/// </summary>
public static class SchemaPruning
{
    /// <summary>Prunes in place; returns the paths of the fields dropped (strict field validation reports them).</summary>
    public static List<string> Prune(StructuralSchema schema, JsonObject obj)
    {
        var pruned = new List<string>();
        PruneObject(obj, schema, "", pruned, keepTypeMeta: true);
        return pruned;
    }

    private static void Prune(JsonNode? node, StructuralSchema schema, string path, List<string> pruned)
    {
        switch (node)
        {
            case JsonObject o:
                PruneObject(o, schema, path, pruned, keepTypeMeta: schema.EmbeddedResource);
                break;
            case JsonArray a when schema.Items is { } items:
                for (var i = 0; i < a.Count; i++) Prune(a[i], items, path.Index(i), pruned);
                break;
        }
    }

    private static void PruneObject(JsonObject o, StructuralSchema schema, string path, List<string> pruned, bool keepTypeMeta)
    {
        foreach (var name in o.Select(p => p.Key).ToList())
        {
            if (keepTypeMeta && name is "apiVersion" or "kind" or "metadata") continue;
            if (schema.Properties.TryGetValue(name, out var property)) Prune(o[name], property, path.Child(name), pruned);
            else if (schema.AdditionalProperties is { } values) Prune(o[name], values, path.Key(name), pruned);
            else if (!schema.PreserveUnknownFields && !schema.AnyAdditionalProperties)
            {
                o.Remove(name);
                pruned.Add(path.Child(name));
            }
        }
    }
}
