using System.Text.Json.Nodes;

namespace Obs.Api.CustomResources;

/// <summary>
/// Fills in the <c>default</c> a schema gives a property, where the object holding it is present and the
/// property is not, as kube-apiserver defaults custom objects on write.
/// </summary>
public static class SchemaDefaults
{
    public static void Apply(StructuralSchema schema, JsonObject obj) => ApplyObject(obj, schema, root: true);

    private static void Apply(JsonNode? node, StructuralSchema schema)
    {
        switch (node)
        {
            case JsonObject o:
                ApplyObject(o, schema, root: false);
                break;
            case JsonArray a when schema.Items is { } items:
                foreach (var item in a) Apply(item, items);
                break;
        }
    }

    private static void ApplyObject(JsonObject o, StructuralSchema schema, bool root)
    {
        foreach (var (name, property) in schema.Properties)
        {
            if (root && name is "apiVersion" or "kind" or "metadata") continue;
            if (!o.ContainsKey(name) && property.Default is { } value) o[name] = value.DeepClone();
            Apply(o[name], property);
        }
        if (schema.AdditionalProperties is { } values)
        {
            foreach (var (_, value) in o) Apply(value, values);
        }
    }
}
