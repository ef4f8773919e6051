namespace Obs.Api.Schema;

/// <summary>The type of a field's value: a primitive, a named object type, or a list or map of another type.</summary>
public sealed class SchemaTypeRef
{
    internal SchemaTypeRef(SchemaTypeKind kind, SchemaTypeRef? element = null, string? objectName = null)
    {
        Kind = kind;
        Element = element;
        ObjectName = objectName;
    }

    public SchemaTypeKind Kind { get; }

    /// <summary>For <see cref="SchemaTypeKind.Array"/> and <see cref="SchemaTypeKind.Map"/>: the element type.</summary>
    public SchemaTypeRef? Element { get; }

    /// <summary>For <see cref="SchemaTypeKind.Object"/>: the type, set once the whole schema is read.</summary>
    public SchemaType? Object { get; internal set; }

    /// <summary>The name as written in the schema text, resolved into <see cref="Object"/> when linking.</summary>
    internal string? ObjectName { get; }

    /// <summary>The Go spelling, as encoding/json prints it in "cannot unmarshal" errors.</summary>
    public string GoName => Kind switch
    {
        SchemaTypeKind.String => "string",
        SchemaTypeKind.Int32 => "int32",
        SchemaTypeKind.Int64 => "int64",
        SchemaTypeKind.Bool => "bool",
        SchemaTypeKind.Double => "float64",
        SchemaTypeKind.Quantity => "resource.Quantity",
        SchemaTypeKind.IntOrString => "intstr.IntOrString",
        SchemaTypeKind.Time => "v1.Time",
        SchemaTypeKind.MicroTime => "v1.MicroTime",
        SchemaTypeKind.Bytes => "[]uint8",
        SchemaTypeKind.RawJson => "runtime.RawExtension",
        SchemaTypeKind.FreeForm => "interface {}",
        SchemaTypeKind.Object => Object is { } t ? t.GoName : ObjectName ?? "struct",
        SchemaTypeKind.Array => "[]" + Element!.GoName,
        SchemaTypeKind.Map => "map[string]" + Element!.GoName,
        _ => Kind.ToString(),
    };

    public override string ToString() => Kind switch
    {
        SchemaTypeKind.Object => Object?.Name ?? ObjectName ?? "object",
        SchemaTypeKind.Array => "[]" + Element,
        SchemaTypeKind.Map => $"map[{Element}]",
        _ => Kind.ToString().ToLowerInvariant(),
    };
}
