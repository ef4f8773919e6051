using Obs.Api.Objects;

namespace Obs.Api.Schema;

/// <summary>
/// One field of a <see cref="SchemaType"/>: its JSON name, value type, protobuf field number and
/// the merge facts from the Go struct tags and list markers.
/// </summary>
public sealed class SchemaField
{
    internal SchemaField(string jsonName, SchemaTypeRef type, int protoNumber)
    {
        JsonName = jsonName;
        Type = type;
        ProtoNumber = protoNumber;
    }

    /// <summary>The JSON name; <c>...</c> for an embedded struct whose fields sit inline in JSON.</summary>
    public string JsonName { get; }

    public bool IsInline => JsonName == "...";

    public SchemaTypeRef Type { get; }

    /// <summary>The field number in Kubernetes' generated.proto; 0 when the field is not in protobuf (apiVersion, kind).</summary>
    public int ProtoNumber { get; }

    public PatchStrategy PatchStrategy { get; internal set; }

    public string? PatchMergeKey { get; internal set; }

    /// <summary>The <c>x-kubernetes-list-type</c> written in the schema, when one is.</summary>
    public ListType? DeclaredListType { get; internal set; }

    /// <summary>
    /// How apply treats the list. Lists without a marker follow their patch strategy, as the
    /// structured-merge schema Kubernetes derives from the Go types does: merge by key is a map,
    /// merge of primitives is a set, anything else atomic.
    /// </summary>
    public ListType ListType => DeclaredListType
        ?? ((PatchStrategy & PatchStrategy.Merge) != 0 ? (PatchMergeKey is null ? ListType.Set : ListType.Map) : ListType.Atomic);

    public IReadOnlyList<string> ListMapKeys { get; internal set; } = [];

    /// <summary>The keys apply uses for a map list: the declared ones, or the patch merge key.</summary>
    public IReadOnlyList<string> EffectiveListMapKeys =>
        ListType != ListType.Map ? [] : ListMapKeys.Count > 0 ? ListMapKeys : PatchMergeKey is { } k ? [k] : [];

    /// <summary><c>x-kubernetes-map-type: atomic</c> on a map field.</summary>
    public bool IsAtomicMap { get; internal set; }

    /// <summary><c>+structType=granular</c> on a field whose type is atomic elsewhere (PersistentVolume claimRef).</summary>
    public bool IsGranular { get; internal set; }

    /// <summary>
    /// The Go field is a pointer (<c>*int32</c>, <c>*bool</c>, <c>*string</c>): a zero value that is present
    /// was set on purpose (<c>replicas: 0</c>) and is kept when decoding protobuf, where other zero values are dropped.
    /// </summary>
    public bool IsPointer { get; internal set; }

    public override string ToString() => $"{JsonName} {Type} {ProtoNumber}";
}
