using Obs.Api.Objects;

namespace Obs.Api.Tests.Patch;

/// <summary>A hand-written <see cref="IMergeSchema"/>: structs, maps, merge lists and atomic lists.</summary>
internal sealed class TestMergeSchema : IMergeSchema
{
    private readonly Dictionary<string, IMergeSchema> fields = new(StringComparer.Ordinal);

    public IMergeSchema? Items { get; private init; }
    public PatchStrategy PatchStrategy { get; private init; }
    public string? PatchMergeKey { get; private init; }
    public ListType ListType { get; private init; }
    public IReadOnlyList<string> ListMapKeys => PatchMergeKey is null ? [] : [PatchMergeKey];
    public bool IsAtomicMap => false;

    public IMergeSchema? Field(string name) => fields.GetValueOrDefault(name);

    public static readonly TestMergeSchema Scalar = new();

    public static TestMergeSchema Struct(params (string Name, IMergeSchema Schema)[] fields)
    {
        var schema = new TestMergeSchema();
        foreach (var (name, field) in fields) schema.fields[name] = field;
        return schema;
    }

    /// <summary>A struct whose fields form a union: kubectl sends <c>$retainKeys</c> for it.</summary>
    public static TestMergeSchema Union(params (string Name, IMergeSchema Schema)[] fields)
    {
        var schema = new TestMergeSchema { PatchStrategy = PatchStrategy.RetainKeys };
        foreach (var (name, field) in fields) schema.fields[name] = field;
        return schema;
    }

    public static TestMergeSchema Map(IMergeSchema? values = null) => new() { Items = values ?? Scalar };

    public static TestMergeSchema MergeList(string key, IMergeSchema items) =>
        new() { Items = items, PatchStrategy = PatchStrategy.Merge, PatchMergeKey = key, ListType = ListType.Map };

    public static TestMergeSchema MergeSet() => new() { Items = Scalar, PatchStrategy = PatchStrategy.Merge, ListType = ListType.Set };

    public static TestMergeSchema AtomicList(IMergeSchema? items = null) => new() { Items = items ?? Scalar };
}
