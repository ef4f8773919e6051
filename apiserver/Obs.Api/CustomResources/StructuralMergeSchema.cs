using Obs.Api.Objects;
using Obs.Api.Schema;

namespace Obs.Api.CustomResources;

/// <summary>
/// The merge facts server-side apply reads, from a custom resource's schema: lists are atomic unless
/// <c>x-kubernetes-list-type</c> says set or map, maps granular unless <c>x-kubernetes-map-type: atomic</c>.
/// The object's metadata merges as every object's metadata does.
/// </summary>
public sealed class StructuralMergeSchema : IMergeSchema
{
    private static readonly IMergeSchema ObjectMeta = ApiSchema.MergeSchemaFor(ApiSchema.Default.Find("meta.ObjectMeta")!);

    private readonly StructuralSchema _schema;
    private readonly bool _root;

    private StructuralMergeSchema(StructuralSchema schema, bool root)
    {
        _schema = schema;
        _root = root || schema.EmbeddedResource;
    }

    /// <summary>The merge facts of whole objects of a resource with this schema.</summary>
    public static IMergeSchema ForObject(StructuralSchema schema) => new StructuralMergeSchema(schema, root: true);

    public IMergeSchema? Field(string name)
    {
        if (_root && name == "metadata") return ObjectMeta;
        if (_schema.Properties.TryGetValue(name, out var property)) return new StructuralMergeSchema(property, root: false);
        return _schema.AdditionalProperties is { } values ? new StructuralMergeSchema(values, root: false) : null;
    }

    public IMergeSchema? Items =>
        (_schema.Items ?? _schema.AdditionalProperties) is { } items ? new StructuralMergeSchema(items, root: false) : null;

    public PatchStrategy PatchStrategy => PatchStrategy.Replace;

    public string? PatchMergeKey => null;

    public ListType ListType => _schema.ListType switch
    {
        "set" => ListType.Set,
        "map" => ListType.Map,
        _ => ListType.Atomic,
    };

    public IReadOnlyList<string> ListMapKeys => _schema.ListMapKeys;

    public bool IsAtomicMap => _schema.MapType == "atomic";
}
