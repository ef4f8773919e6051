using System.Runtime.CompilerServices;
using Obs.Api.Objects;

namespace Obs.Api.Schema;

/// <summary>The merge facts at one position of an object: the value's type plus the field that holds it.</summary>
internal sealed class SchemaMergeNode(SchemaTypeRef type, SchemaField? holder) : IMergeSchema
{
    // A node depends only on its field (or, for list items and map values, its element type), so each is made once and
    // shared: managedFields recording asks for one per field of every object written.
    private static readonly ConditionalWeakTable<SchemaField, SchemaMergeNode> FieldNodes = [];
    private static readonly ConditionalWeakTable<SchemaTypeRef, SchemaMergeNode> ElementNodes = [];

    public IMergeSchema? Field(string name) =>
        type.Object is { } obj && obj.Fields.TryGetValue(name, out var field) && !IsFreeForm(field.Type)
            ? FieldNodes.GetValue(field, static f => new SchemaMergeNode(f.Type, f))
            : null;

    public IMergeSchema? Items =>
        type.Element is { } element && !IsFreeForm(element) ? ElementNodes.GetValue(element, static e => new SchemaMergeNode(e, null)) : null;

    public PatchStrategy PatchStrategy => holder?.PatchStrategy ?? PatchStrategy.Replace;

    public string? PatchMergeKey => holder?.PatchMergeKey;

    public ListType ListType => holder?.ListType ?? ListType.Atomic;

    public IReadOnlyList<string> ListMapKeys => holder?.EffectiveListMapKeys ?? [];

    public bool IsAtomicMap => holder?.IsAtomicMap == true || (type.Object?.IsAtomic == true && holder?.IsGranular != true);

    private static bool IsFreeForm(SchemaTypeRef t) => t.Kind is SchemaTypeKind.FreeForm or SchemaTypeKind.RawJson;
}
