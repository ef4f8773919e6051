namespace Obs.Api.Objects;

/// <summary>
/// What the API types declare about how a field merges: the facts strategic merge patch
/// (<c>patchStrategy</c>, <c>patchMergeKey</c>) and server-side apply (<c>x-kubernetes-list-type</c>,
/// <c>x-kubernetes-list-map-keys</c>, <c>x-kubernetes-map-type</c>) read while walking an object.
/// A node describes the value at one position; <see cref="Field"/> and <see cref="Items"/> walk down.
/// </summary>
public interface IMergeSchema
{
    /// <summary>The schema of an object's field; null when the field is unknown or the value is free-form.</summary>
    IMergeSchema? Field(string name);

    /// <summary>The schema of a list's elements or a map's values; null when free-form.</summary>
    IMergeSchema? Items { get; }

    /// <summary>For lists: how strategic merge patch combines them (<c>patchStrategy</c>).</summary>
    PatchStrategy PatchStrategy { get; }

    /// <summary>For lists merged by key: the <c>patchMergeKey</c> (e.g. <c>name</c> for containers).</summary>
    string? PatchMergeKey { get; }

    /// <summary>For lists: <c>x-kubernetes-list-type</c>, as server-side apply reads it.</summary>
    ListType ListType { get; }

    /// <summary>For <see cref="ListType.Map"/> lists: <c>x-kubernetes-list-map-keys</c> (e.g. <c>containerPort</c>, <c>protocol</c>).</summary>
    IReadOnlyList<string> ListMapKeys { get; }

    /// <summary>True when a map or struct is replaced whole by apply (<c>x-kubernetes-map-type: atomic</c>).</summary>
    bool IsAtomicMap { get; }
}

[Flags]
public enum PatchStrategy
{
    /// <summary>The patch's list replaces the live list.</summary>
    Replace = 0,
    /// <summary>Lists are merged: by <see cref="IMergeSchema.PatchMergeKey"/> for objects, as a set for primitives.</summary>
    Merge = 1,
    /// <summary>Fields of the object not named in the patch are cleared (<c>$retainKeys</c>).</summary>
    RetainKeys = 2,
}

public enum ListType
{
    /// <summary>The list is one value: apply replaces it whole.</summary>
    Atomic,
    /// <summary>A list of unique primitives.</summary>
    Set,
    /// <summary>A list of objects identified by <see cref="IMergeSchema.ListMapKeys"/>.</summary>
    Map,
}
