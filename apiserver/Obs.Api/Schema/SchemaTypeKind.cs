namespace Obs.Api.Schema;

/// <summary>What a field's value is, in JSON and on the protobuf wire.</summary>
public enum SchemaTypeKind
{
    String,
    Int32,
    Int64,
    Bool,
    Double,
    /// <summary><c>resource.Quantity</c>: a string (or number) in JSON, <c>{1: string}</c> in protobuf.</summary>
    Quantity,
    /// <summary><c>intstr.IntOrString</c>: an integer or a string.</summary>
    IntOrString,
    /// <summary><c>metav1.Time</c>: an RFC 3339 string, seconds precision.</summary>
    Time,
    /// <summary><c>metav1.MicroTime</c>: an RFC 3339 string, microsecond precision.</summary>
    MicroTime,
    /// <summary><c>[]byte</c>: a base64 string in JSON.</summary>
    Bytes,
    /// <summary><c>runtime.RawExtension</c> or <c>FieldsV1</c>: any JSON; protobuf <c>{1: raw JSON bytes}</c>.</summary>
    RawJson,
    /// <summary>Accepted as any JSON value and not looked into (deprecated volume drivers and the like).</summary>
    FreeForm,
    /// <summary>A named type with fields.</summary>
    Object,
    Array,
    /// <summary>A map from string keys to <see cref="SchemaTypeRef.Element"/>.</summary>
    Map,
}
