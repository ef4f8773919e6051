namespace Obs.Api.Schema;

/// <summary>A named API type (<c>PodSpec</c>, <c>ObjectMeta</c>) with its fields.</summary>
public sealed class SchemaType
{
    private readonly List<SchemaField> _declared = [];
    private Dictionary<string, SchemaField>? _byJson;
    private Dictionary<int, SchemaField>? _byProto;

    internal SchemaType(SchemaPackage package, string name, bool isKind, bool isAtomic, string? like)
    {
        Package = package;
        Name = name;
        IsKind = isKind;
        IsAtomic = isAtomic;
        Like = like;
    }

    public SchemaPackage Package { get; }

    public string Name { get; }

    /// <summary>True for top-level objects (<c>Pod</c>, <c>Status</c>), which carry apiVersion and kind.</summary>
    public bool IsKind { get; }

    /// <summary><c>+structType=atomic</c>: apply replaces the struct whole.</summary>
    public bool IsAtomic { get; }

    internal string? Like { get; }

    /// <summary><c>io.k8s.api.core.v1.Pod</c>: the name OpenAPI documents use.</summary>
    public string OpenApiName => $"{Package.OpenApiPrefix}.{Name}";

    /// <summary><c>v1.PodSpec</c>: the name Go prints.</summary>
    public string GoName => $"{Package.GoPackage}.{Name}";

    /// <summary>The fields as declared, embedded structs included as one <see cref="SchemaField.IsInline"/> field each.</summary>
    public IReadOnlyList<SchemaField> DeclaredFields => _declared;

    /// <summary>The fields a JSON object of this type may have, embedded structs flattened in.</summary>
    public IReadOnlyDictionary<string, SchemaField> Fields => _byJson ?? throw new InvalidOperationException("schema not linked");

    /// <summary>
    /// A field by its JSON name spelled as characters, with the name as the schema holds it: a decoder reading a body
    /// need not make a string of every member name it meets.
    /// </summary>
    public bool TryGetField(ReadOnlySpan<char> jsonName, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SchemaField? field)
    {
        var byJson = _byJson ?? throw new InvalidOperationException("schema not linked");
        return byJson.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(jsonName, out name, out field);
    }

    /// <summary>The fields by protobuf number; embedded structs are one field here, as on the wire.</summary>
    public IReadOnlyDictionary<int, SchemaField> ProtoFields => _byProto ?? throw new InvalidOperationException("schema not linked");

    internal List<SchemaField> Declared => _declared;

    internal void Index()
    {
        _byJson = new Dictionary<string, SchemaField>(StringComparer.Ordinal);
        AddJsonFields(this, _byJson, 0);
        _byProto = _declared.Where(f => f.ProtoNumber > 0).ToDictionary(f => f.ProtoNumber);
    }

    private static void AddJsonFields(SchemaType type, Dictionary<string, SchemaField> into, int depth)
    {
        if (depth > 8) throw new InvalidOperationException($"inline cycle at {type.Name}");
        foreach (var field in type._declared)
        {
            if (field.IsInline) AddJsonFields(field.Type.Object!, into, depth + 1);
            else into.Add(field.JsonName, field);
        }
    }

    public override string ToString() => OpenApiName;
}
