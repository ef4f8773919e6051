using System.Text.Json.Nodes;
using Obs.Api.Errors;
using Obs.Api.Quantities;

namespace Obs.Api.Validation;

/// <summary>Small checks many validators share, each adding Kubernetes' error for one field.</summary>
internal static class Checks
{
    public const string NonNegative = "must be greater than or equal to 0";
    public const string Positive = "must be greater than 0";

    public static void NonNegativeField(this ErrorList errors, JsonObject? obj, string name, string path)
    {
        if (errors.Long(obj, name, path) is < 0 and var value)
            errors.Add(FieldError.Invalid(path.Child(name), value, NonNegative));
    }

    public static void PositiveField(this ErrorList errors, JsonObject? obj, string name, string path)
    {
        if (errors.Long(obj, name, path) is <= 0 and var value)
            errors.Add(FieldError.Invalid(path.Child(name), value, Positive));
    }

    /// <summary>
    /// One of a fixed set of values. Absent passes: the field is defaulted before validation, and an absent
    /// default is the defaulter's gap, not the user's error. Present but empty is Required.
    /// </summary>
    public static string? OneOf(this ErrorList errors, JsonObject? obj, string name, string path, params string[] allowed)
    {
        var value = errors.String(obj, name, path);
        if (value is null) return null;
        if (value.Length == 0) errors.Add(FieldError.Required(path.Child(name)));
        else if (!allowed.Contains(value)) errors.Add(FieldError.NotSupported(path.Child(name), value, allowed));
        return value;
    }

    /// <summary>Messages from a name rule as Invalid errors on <paramref name="path"/>.</summary>
    public static void Name(this ErrorList errors, IReadOnlyList<string> messages, string path, string value)
    {
        foreach (var message in messages) errors.Add(FieldError.Invalid(path, value, message));
    }

    /// <summary>A port given as a number (1–65535) or an IANA service name (<c>ValidatePortNumOrName</c>).</summary>
    public static void PortNumOrName(this ErrorList errors, JsonNode? node, string path)
    {
        if (node is null) return;
        switch (IntOrString.FromJson(node))
        {
            case { IntValue: { } number }:
                foreach (var message in NameFormats.IsValidPortNum(number)) errors.Add(FieldError.Invalid(path, number, message));
                break;
            case { StringValue: { } name }:
                foreach (var message in NameFormats.IsValidPortName(name)) errors.Add(FieldError.Invalid(path, name, message));
                break;
            default:
                errors.AddType(path, node, "integer or string");
                break;
        }
    }

    /// <summary>An integer ≥ 0 or a percentage string (<c>ValidatePositiveIntOrPercent</c>); returns the value when readable.</summary>
    public static IntOrString? IntOrPercent(this ErrorList errors, JsonObject? obj, string name, string path)
    {
        var node = obj?[name];
        if (node is null) return null;
        var fieldPath = path.Child(name);
        var value = IntOrString.FromJson(node);
        switch (value)
        {
            case { IntValue: { } number }:
                if (number < 0) errors.Add(FieldError.Invalid(fieldPath, number, NonNegative));
                break;
            case { StringValue: { } text }:
                foreach (var message in NameFormats.IsValidPercent(text)) errors.Add(FieldError.Invalid(fieldPath, text, message));
                break;
            default:
                errors.Add(FieldError.Invalid(fieldPath, node.DeepClone(), "must be an integer or percentage (e.g '5%')"));
                break;
        }
        return value;
    }

    /// <summary><c>IsNotMoreThan100Percent</c>: a percentage above 100% is an error.</summary>
    public static void NotMoreThan100Percent(this ErrorList errors, IntOrString? value, string path)
    {
        if (value is { IsPercent: true } v && v.RawValue > 100)
            errors.Add(FieldError.Invalid(path, v.StringValue, "must not be greater than 100%"));
    }

    /// <summary>A quantity field: parsed, or an error carrying Kubernetes' parse message.</summary>
    public static Quantity? Quantity(this ErrorList errors, JsonNode? node, string path)
    {
        if (node is null) return null;
        if (Quantities.Quantity.TryFromJson(node, out var quantity, out var error)) return quantity;
        errors.Add(FieldError.Invalid(path, node.DeepClone(), error ?? Quantities.Quantity.FormatError));
        return null;
    }

    /// <summary>A JSON value rendered for an error message.</summary>
    public static JsonNode? Copy(JsonNode? node) => node?.DeepClone();
}
