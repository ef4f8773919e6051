using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Obs.Api.Errors;
using Obs.Api.Validation;

namespace Obs.Api.CustomResources;

/// <summary>
/// A CustomResourceDefinition version's <c>openAPIV3Schema</c>, read into the parts the apiserver acts on:
/// types and nesting (for validation and pruning), value limits, and the <c>x-kubernetes-*</c> extensions.
/// Kubernetes requires v1 schemas to be structural (a type at every level unless int-or-string or
/// preserve-unknown-fields says otherwise); <see cref="Parse"/> reports where one is not.
/// </summary>
public sealed class StructuralSchema
{
    public static readonly string[] Types = ["array", "boolean", "integer", "number", "object", "string"];

    public string? Type { get; private init; }
    public IReadOnlyDictionary<string, StructuralSchema> Properties { get; private init; } = new Dictionary<string, StructuralSchema>();
    public StructuralSchema? Items { get; private init; }
    /// <summary>The schema of a map's values (<c>additionalProperties</c> as a schema).</summary>
    public StructuralSchema? AdditionalProperties { get; private init; }
    /// <summary><c>additionalProperties: true</c>: any further field is kept.</summary>
    public bool AnyAdditionalProperties { get; private init; }
    public IReadOnlyList<string> Required { get; private init; } = [];
    public IReadOnlyList<JsonNode?>? Enum { get; private init; }
    public double? Minimum { get; private init; }
    public double? Maximum { get; private init; }
    public bool ExclusiveMinimum { get; private init; }
    public bool ExclusiveMaximum { get; private init; }
    public long? MinLength { get; private init; }
    public long? MaxLength { get; private init; }
    public long? MinItems { get; private init; }
    public long? MaxItems { get; private init; }
    public long? MinProperties { get; private init; }
    public long? MaxProperties { get; private init; }
    /// <summary>The string <c>format</c> (<c>date-time</c>, <c>duration</c>, <c>byte</c>...): CEL rules see such strings as timestamps, durations, bytes.</summary>
    public string? Format { get; private init; }
    public string? PatternText { get; private init; }
    public Regex? Pattern { get; private init; }
    public bool Nullable { get; private init; }
    public JsonNode? Default { get; private init; }
    public bool PreserveUnknownFields { get; private init; }
    public bool IntOrString { get; private init; }
    public bool EmbeddedResource { get; private init; }
    public string? ListType { get; private init; }
    public IReadOnlyList<string> ListMapKeys { get; private init; } = [];
    public string? MapType { get; private init; }
    /// <summary>The node's <c>x-kubernetes-validations</c> rules, compiled.</summary>
    public IReadOnlyList<ValidationRule> Validations { get; private set; } = [];

    /// <summary>Whether this node or any below it has validation rules (writes skip the walk otherwise).</summary>
    public bool HasValidations => _hasValidations ??=
        Validations.Count > 0 || Properties.Values.Any(p => p.HasValidations) ||
        Items?.HasValidations == true || AdditionalProperties?.HasValidations == true;

    private bool? _hasValidations;

    /// <summary>A schema that accepts and keeps anything (a version declared without one).</summary>
    public static StructuralSchema PreserveAll { get; } = new() { Type = "object", PreserveUnknownFields = true };

    /// <summary>Reads a schema; every way it is not a valid structural schema goes into <paramref name="errors"/>.</summary>
    public static StructuralSchema Parse(JsonNode? node, string path, List<FieldError> errors) =>
        Read(node, path, errors, root: true, correlatable: true);

    /// <param name="correlatable">
    /// Whether an update's previous value can be matched to this node (not under the items of an atomic or
    /// set list, whose elements have no identity), so transition rules may read oldSelf here.
    /// </param>
    private static StructuralSchema Read(JsonNode? node, string path, List<FieldError> errors, bool root, bool correlatable)
    {
        if (node is not JsonObject o)
        {
            errors.Add(FieldError.Invalid(path, node?.ToJsonString(), "must be an object"));
            return PreserveAll;
        }
        var type = Text(o, "type", path, errors);
        if (type is { Length: > 0 } && !Types.Contains(type)) errors.Add(FieldError.NotSupported(path.Child("type"), type, Types));
        var preserve = Flag(o, "x-kubernetes-preserve-unknown-fields", path, errors);
        var intOrString = Flag(o, "x-kubernetes-int-or-string", path, errors);
        var embedded = Flag(o, "x-kubernetes-embedded-resource", path, errors);
        if (string.IsNullOrEmpty(type) && !preserve && !intOrString && !(root && o.Count == 0))
            errors.Add(FieldError.Required(path.Child("type"), "must not be empty for specified object fields"));
        if (root && type is { Length: > 0 } and not "object") errors.Add(FieldError.Invalid(path.Child("type"), type, "must be object at the root"));
        if (embedded && type != "object") errors.Add(FieldError.Required(path.Child("type"), "must be object if x-kubernetes-embedded-resource is true"));

        var properties = new Dictionary<string, StructuralSchema>(StringComparer.Ordinal);
        if (o["properties"] is { } propsNode)
        {
            if (propsNode is JsonObject props)
            {
                foreach (var (name, value) in props) properties[name] = Read(value, path.Child("properties").Key(name), errors, root: false, correlatable);
            }
            else errors.Add(FieldError.Invalid(path.Child("properties"), propsNode.ToJsonString(), "must be an object"));
        }
        StructuralSchema? items = null;
        if (o["items"] is { } itemsNode)
        {
            if (itemsNode is JsonArray) errors.Add(FieldError.Forbidden(path.Child("items"), "items must be a schema object and not an array"));
            else items = Read(itemsNode, path.Child("items"), errors, root: false, correlatable && JsonValues.String(o["x-kubernetes-list-type"]) == "map");
        }
        else if (type == "array") errors.Add(FieldError.Required(path.Child("items"), "must be specified"));
        StructuralSchema? additional = null;
        var anyAdditional = false;
        switch (o["additionalProperties"])
        {
            case null:
                break;
            case JsonObject additionalNode:
                additional = Read(additionalNode, path.Child("additionalProperties"), errors, root: false, correlatable);
                break;
            case var other when JsonValues.Bool(other) is { } allowed:
                anyAdditional = allowed;
                break;
            case var other:
                errors.Add(FieldError.Invalid(path.Child("additionalProperties"), other.ToJsonString(), "must be a schema or a boolean"));
                break;
        }
        if ((additional is not null || anyAdditional) && properties.Count > 0)
            errors.Add(FieldError.Forbidden(path.Child("additionalProperties"), "additionalProperties and properties are mutual exclusive"));

        var patternText = Text(o, "pattern", path, errors);
        Regex? pattern = null;
        if (patternText is not null)
        {
            try
            {
                pattern = new Regex(patternText, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                errors.Add(FieldError.Invalid(path.Child("pattern"), patternText, "must be a valid regular expression, but isn't: " + e.Message));
            }
        }
        var enumNode = o["enum"];
        if (enumNode is not null and not JsonArray) errors.Add(FieldError.Invalid(path.Child("enum"), enumNode.ToJsonString(), "must be an array"));
        var listType = Text(o, "x-kubernetes-list-type", path, errors);
        if (listType is not null and not ("atomic" or "set" or "map"))
            errors.Add(FieldError.NotSupported(path.Child("x-kubernetes-list-type"), listType, ["atomic", "set", "map"]));
        var mapKeys = o["x-kubernetes-list-map-keys"] is JsonArray keys ? keys.Select(JsonValues.String).OfType<string>().ToList() : [];
        if (listType == "map" && mapKeys.Count == 0)
            errors.Add(FieldError.Required(path.Child("x-kubernetes-list-map-keys"), "must not be empty if x-kubernetes-list-type is map"));

        var schema = new StructuralSchema
        {
            Type = string.IsNullOrEmpty(type) ? null : type,
            Properties = properties,
            Items = items,
            AdditionalProperties = additional,
            AnyAdditionalProperties = anyAdditional,
            Required = o["required"] is JsonArray required ? required.Select(JsonValues.String).OfType<string>().ToList() : [],
            Enum = enumNode is JsonArray values ? values.Select(v => v?.DeepClone()).ToList() : null,
            Minimum = Number(o, "minimum", path, errors),
            Maximum = Number(o, "maximum", path, errors),
            ExclusiveMinimum = Flag(o, "exclusiveMinimum", path, errors),
            ExclusiveMaximum = Flag(o, "exclusiveMaximum", path, errors),
            MinLength = Count(o, "minLength", path, errors),
            MaxLength = Count(o, "maxLength", path, errors),
            MinItems = Count(o, "minItems", path, errors),
            MaxItems = Count(o, "maxItems", path, errors),
            MinProperties = Count(o, "minProperties", path, errors),
            MaxProperties = Count(o, "maxProperties", path, errors),
            Format = Text(o, "format", path, errors),
            PatternText = patternText,
            Pattern = pattern,
            Nullable = Flag(o, "nullable", path, errors),
            Default = o["default"]?.DeepClone(),
            PreserveUnknownFields = preserve,
            IntOrString = intOrString,
            EmbeddedResource = embedded,
            ListType = listType,
            ListMapKeys = mapKeys,
            MapType = Text(o, "x-kubernetes-map-type", path, errors),
        };
        // Rules compile against the node they sit on (its fields are what self offers), so the node comes first.
        schema.Validations = ValidationRuleReader.Read(o["x-kubernetes-validations"], schema, path, correlatable, errors);
        return schema;
    }

    private static string? Text(JsonObject o, string name, string path, List<FieldError> errors)
    {
        var node = o[name];
        if (node is null) return null;
        if (JsonValues.String(node) is { } s) return s;
        errors.Add(FieldError.Invalid(path.Child(name), node.ToJsonString(), "must be a string"));
        return null;
    }

    private static bool Flag(JsonObject o, string name, string path, List<FieldError> errors)
    {
        var node = o[name];
        if (node is null) return false;
        if (JsonValues.Bool(node) is { } b) return b;
        errors.Add(FieldError.Invalid(path.Child(name), node.ToJsonString(), "must be a boolean"));
        return false;
    }

    private static double? Number(JsonObject o, string name, string path, List<FieldError> errors)
    {
        var node = o[name];
        if (node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number &&
            double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        errors.Add(FieldError.Invalid(path.Child(name), node.ToJsonString(), "must be a number"));
        return null;
    }

    private static long? Count(JsonObject o, string name, string path, List<FieldError> errors)
    {
        var node = o[name];
        if (node is null) return null;
        if (JsonValues.TryLong(node, out var l) && l >= 0) return l;
        errors.Add(FieldError.Invalid(path.Child(name), node.ToJsonString(), "must be a non-negative integer"));
        return null;
    }
}
