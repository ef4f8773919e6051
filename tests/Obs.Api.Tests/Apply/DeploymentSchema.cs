using Obs.Api.Objects;

namespace Obs.Api.Tests.Apply;

/// <summary>
/// A small hand-written <see cref="IMergeSchema"/> shaped like apps/v1 Deployment, enough to exercise
/// every kind of merge: map-lists keyed by one and by two fields, an atomic list, a set, a granular map
/// and an atomic map.
/// </summary>
internal sealed class DeploymentSchema : IMergeSchema
{
    private readonly Dictionary<string, IMergeSchema> _fields = new();

    public static readonly IMergeSchema Root = Build();

    public IMergeSchema? Field(string name) => _fields.GetValueOrDefault(name);
    public IMergeSchema? Items { get; private init; }
    public PatchStrategy PatchStrategy { get; private init; }
    public string? PatchMergeKey { get; private init; }
    public ListType ListType { get; private init; }
    public IReadOnlyList<string> ListMapKeys { get; private init; } = [];
    public bool IsAtomicMap { get; private init; }

    private static IMergeSchema Build()
    {
        var port = Struct(("containerPort", Scalar()), ("protocol", Scalar()), ("name", Scalar()));
        var env = Struct(("name", Scalar()), ("value", Scalar()));
        var container = Struct(
            ("name", Scalar()),
            ("image", Scalar()),
            ("args", new DeploymentSchema { ListType = ListType.Atomic }),
            ("ports", MapList(port, "containerPort", "protocol")),
            ("env", MapList(env, "name")));
        var podSpec = Struct(("containers", MapList(container, "name")), ("restartPolicy", Scalar()));
        var selector = Struct(("matchLabels", MapOf(Scalar())));
        var atomicSelector = new DeploymentSchema { IsAtomicMap = true };
        foreach (var (name, field) in ((DeploymentSchema)selector)._fields) atomicSelector._fields[name] = field;
        var spec = Struct(
            ("replicas", Scalar()),
            ("paused", Scalar()),
            ("selector", atomicSelector),
            ("template", Struct(("metadata", Metadata()), ("spec", podSpec))));
        var status = Struct(("replicas", Scalar()), ("readyReplicas", Scalar()));
        return Struct(("apiVersion", Scalar()), ("kind", Scalar()), ("metadata", Metadata()), ("spec", spec), ("status", status));
    }

    private static IMergeSchema Metadata() => Struct(
        ("name", Scalar()),
        ("namespace", Scalar()),
        ("labels", MapOf(Scalar())),
        ("annotations", MapOf(Scalar())),
        ("finalizers", new DeploymentSchema { ListType = ListType.Set, PatchStrategy = PatchStrategy.Merge, Items = Scalar() }));

    private static DeploymentSchema Scalar() => new();

    private static DeploymentSchema MapOf(IMergeSchema values) => new() { Items = values };

    private static DeploymentSchema MapList(IMergeSchema item, params string[] keys) =>
        new() { Items = item, ListType = ListType.Map, ListMapKeys = keys, PatchStrategy = PatchStrategy.Merge, PatchMergeKey = keys[0] };

    private static DeploymentSchema Struct(params (string Name, IMergeSchema Schema)[] fields)
    {
        var schema = new DeploymentSchema();
        foreach (var (name, field) in fields) schema._fields[name] = field;
        return schema;
    }
}
