namespace Obs.Api.Schema.Descriptions;

/// <summary>
/// The prose <c>kubectl explain</c> shows: a description per type and per field, kept apart from
/// the terse schema text and applied when the OpenAPI documents are built.
/// <para>The text, one file per API group:</para>
/// <code>
/// package apps                             the schema package the types below belong to
/// Deployment: Runs a set of ...            a type and its description (the text may be left out)
///   replicas: How many pods ...            a field of that type, by JSON name
///     ... continued                        a deeper indent continues the line above
/// every kind                               fields every kind has (apiVersion, kind, metadata),
///   kind: ...                              used where a kind does not describe its own
/// </code>
/// A key that names no type or field of the schema is a <see cref="Problems"/> entry, not an
/// exception: a stale description is dropped from the documents and a test reports it.
/// </summary>
public sealed class SchemaDescriptions
{
    private readonly Dictionary<SchemaType, string> _types = [];
    private readonly Dictionary<(SchemaType Type, string Field), string> _fields = [];
    private readonly Dictionary<string, string> _kindFields = new(StringComparer.Ordinal);
    private readonly List<string> _problems = [];

    private SchemaDescriptions() { }

    /// <summary>The descriptions of the types Obs serves.</summary>
    public static SchemaDescriptions Default { get; } = Parse(ApiSchema.Default,
        MetaDescriptionsText.Text, CorePodDescriptionsText.Text, CoreDescriptionsText.Text, AppsDescriptionsText.Text,
        BatchDescriptionsText.Text, NetworkingDescriptionsText.Text, AutoscalingDescriptionsText.Text, DiscoveryDescriptionsText.Text,
        OtherGroupsDescriptionsText.Text, PolicyDescriptionsText.Text, ApiExtensionsDescriptionsText.Text,
        EventsDescriptionsText.Text, AdmissionRegistrationDescriptionsText.Text);

    /// <summary>Every key that names nothing in the schema, and every key given twice, with its line.</summary>
    public IReadOnlyList<string> Problems => _problems;

    public int Count => _types.Count + _fields.Count + _kindFields.Count;

    /// <summary>The type's description, or null.</summary>
    public string? For(SchemaType type) => _types.GetValueOrDefault(type);

    /// <summary>
    /// A field's description, by its JSON name on <paramref name="type"/>: the type's own entry, else
    /// the entry of the embedded struct that brings the field in (<c>VolumeSource.configMap</c> for
    /// <c>Volume.configMap</c>), else, on a kind, the one every kind shares.
    /// </summary>
    public string? For(SchemaType type, string field) =>
        Declared(type, field, 0) ?? (type.IsKind ? _kindFields.GetValueOrDefault(field) : null);

    /// <summary>The description of a field every kind has (<c>apiVersion</c>, <c>kind</c>, <c>metadata</c>): a custom kind's too.</summary>
    public string? ForKindField(string field) => _kindFields.GetValueOrDefault(field);

    private string? Declared(SchemaType type, string field, int depth)
    {
        if (_fields.TryGetValue((type, field), out var text)) return text;
        if (depth > 8) return null;
        foreach (var inline in type.DeclaredFields)
        {
            if (inline.IsInline && Declared(inline.Type.Object!, field, depth + 1) is { } found) return found;
        }
        return null;
    }

    public static SchemaDescriptions Parse(ApiSchema schema, params string[] texts)
    {
        var descriptions = new SchemaDescriptions();
        foreach (var text in texts) new SchemaDescriptionsReader(schema, descriptions).Read(text);
        return descriptions;
    }

    internal void Problem(string problem) => _problems.Add(problem);

    internal void AddType(SchemaType type, string text, string where)
    {
        if (!_types.TryAdd(type, text)) Problem($"{where}: {type.Name} is described twice");
    }

    internal void AddField(SchemaType type, string field, string text, string where)
    {
        if (!_fields.TryAdd((type, field), text)) Problem($"{where}: {type.Name}.{field} is described twice");
    }

    internal void AddKindField(string field, string text, string where)
    {
        if (!_kindFields.TryAdd(field, text)) Problem($"{where}: every kind's {field} is described twice");
    }
}
