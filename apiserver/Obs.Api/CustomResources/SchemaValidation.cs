using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Obs.Api.Errors;
using Obs.Api.Validation;

namespace Obs.Api.CustomResources;

/// <summary>
/// Checks a custom object against its version's schema, as kube-apiserver's OpenAPI validator does: the
/// type of every value, required fields, enums, numeric and length limits, patterns and item counts,
/// down through properties, items and map values. Every error comes with its field path.
/// </summary>
public static class SchemaValidation
{
    /// <summary>The object's errors; apiVersion, kind and metadata are checked elsewhere.</summary>
    public static List<FieldError> Validate(StructuralSchema schema, JsonObject obj)
    {
        var errors = new List<FieldError>();
        foreach (var required in schema.Required)
        {
            if (required is "apiVersion" or "kind" or "metadata") continue;
            if (obj[required] is null) errors.Add(FieldError.Required(required));
        }
        foreach (var (name, value) in obj)
        {
            if (name is "apiVersion" or "kind" or "metadata") continue;
            if (schema.Properties.TryGetValue(name, out var property)) Check(value, property, name, errors);
            else if (schema.AdditionalProperties is { } values) Check(value, values, name, errors);
        }
        return errors;
    }

    private static void Check(JsonNode? value, StructuralSchema schema, string path, List<FieldError> errors)
    {
        if (value is null)
        {
            if (!schema.Nullable && schema.Type is not null)
                errors.Add(new FieldError(FieldErrorType.TypeInvalid, path, $"{path} in body must be of type {schema.Type}: \"null\"", "null"));
            return;
        }
        if (!HasType(value, schema))
        {
            var actual = TypeOf(value);
            var wanted = schema.IntOrString ? "integer or string" : schema.Type;
            errors.Add(new FieldError(FieldErrorType.TypeInvalid, path, $"{path} in body must be of type {wanted}: \"{actual}\"", actual));
            return;
        }
        if (schema.Enum is { } allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
            errors.Add(FieldError.NotSupported(path, Scalar(value), allowed.Select(a => a is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : a?.ToJsonString() ?? "null")));
        switch (value)
        {
            case JsonObject o:
                CheckObject(o, schema, path, errors);
                break;
            case JsonArray a:
                CheckArray(a, schema, path, errors);
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                CheckString(v.GetValue<string>(), schema, path, errors);
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                CheckNumber(double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture), v, schema, path, errors);
                break;
        }
    }

    private static void CheckObject(JsonObject o, StructuralSchema schema, string path, List<FieldError> errors)
    {
        foreach (var required in schema.Required)
        {
            if (o[required] is null) errors.Add(FieldError.Required(path.Child(required)));
        }
        if (schema.MaxProperties is { } maxProperties && o.Count > maxProperties)
            errors.Add(FieldError.Invalid(path, o.Count, $"must have at most {maxProperties} properties"));
        if (schema.MinProperties is { } minProperties && o.Count < minProperties)
            errors.Add(FieldError.Invalid(path, o.Count, $"must have at least {minProperties} properties"));
        foreach (var (name, value) in o)
        {
            if (schema.Properties.TryGetValue(name, out var property)) Check(value, property, path.Child(name), errors);
            else if (schema.AdditionalProperties is { } values) Check(value, values, path.Key(name), errors);
        }
    }

    private static void CheckArray(JsonArray a, StructuralSchema schema, string path, List<FieldError> errors)
    {
        if (schema.MaxItems is { } max && a.Count > max)
            errors.Add(new FieldError(FieldErrorType.Invalid, path, $"must have at most {max} items", a.Count));
        if (schema.MinItems is { } min && a.Count < min)
            errors.Add(FieldError.Invalid(path, a.Count, $"should have at least {min} items"));
        if (schema.ListType is "set")
        {
            for (var i = 0; i < a.Count; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    if (JsonNode.DeepEquals(a[i], a[j])) errors.Add(FieldError.Duplicate(path.Index(i), Scalar(a[i])));
                }
            }
        }
        if (schema.Items is not { } items) return;
        for (var i = 0; i < a.Count; i++) Check(a[i], items, path.Index(i), errors);
    }

    private static void CheckString(string s, StructuralSchema schema, string path, List<FieldError> errors)
    {
        // Lengths count characters (runes), as the OpenAPI validator counts them.
        var length = s.EnumerateRunes().Count();
        if (schema.MaxLength is { } max && length > max)
            errors.Add(FieldError.TooLong(path, s, (int)Math.Min(max, int.MaxValue)));
        if (schema.MinLength is { } min && length < min)
            errors.Add(FieldError.Invalid(path, s, $"{path} in body should be at least {min} chars long"));
        if (schema.Pattern is { } pattern && !Matches(pattern, s))
            errors.Add(FieldError.Invalid(path, s, $"{path} in body should match '{schema.PatternText}'"));
    }

    private static bool Matches(Regex pattern, string s)
    {
        try
        {
            return pattern.IsMatch(s);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static void CheckNumber(double d, JsonValue v, StructuralSchema schema, string path, List<FieldError> errors)
    {
        var shown = Scalar(v);
        if (schema.Minimum is { } min && (schema.ExclusiveMinimum ? d <= min : d < min))
            errors.Add(FieldError.Invalid(path, shown, $"{path} in body should be greater than {(schema.ExclusiveMinimum ? "" : "or equal to ")}{Number(min)}"));
        if (schema.Maximum is { } max && (schema.ExclusiveMaximum ? d >= max : d > max))
            errors.Add(FieldError.Invalid(path, shown, $"{path} in body should be less than {(schema.ExclusiveMaximum ? "" : "or equal to ")}{Number(max)}"));
    }

    private static string Number(double d) => d.ToString(CultureInfo.InvariantCulture);

    private static bool HasType(JsonNode value, StructuralSchema schema)
    {
        var kind = value.GetValueKind();
        if (schema.IntOrString) return kind == JsonValueKind.String || (kind == JsonValueKind.Number && JsonValues.TryLong(value, out _));
        return schema.Type switch
        {
            null => true,
            "object" => kind == JsonValueKind.Object,
            "array" => kind == JsonValueKind.Array,
            "string" => kind == JsonValueKind.String,
            "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
            "number" => kind == JsonValueKind.Number,
            "integer" => kind == JsonValueKind.Number && JsonValues.TryLong(value, out _),
            _ => true,
        };
    }

    private static string TypeOf(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Number => JsonValues.TryLong(value, out _) ? "integer" : "number",
        _ => "null",
    };

    private static object? Scalar(JsonNode? value) => value switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValueKind() == JsonValueKind.True,
        null => null,
        _ => value,
    };
}
