namespace Obs.Api.Errors;

/// <summary>
/// One thing wrong with one field of a request, as Kubernetes reports it in a
/// <c>Status.details.causes</c> entry. Validators return every error they find, never only the first.
/// </summary>
public sealed record FieldError(FieldErrorType Type, string Field, string Detail, object? BadValue = null)
{
    public static FieldError Required(string field, string detail = "") => new(FieldErrorType.Required, field, detail);
    public static FieldError Invalid(string field, object? value, string detail) => new(FieldErrorType.Invalid, field, detail, value);
    public static FieldError NotSupported(string field, object? value, IEnumerable<string> supported) =>
        new(FieldErrorType.NotSupported, field, "supported values: " + string.Join(", ", supported.Select(s => $"\"{s}\"")), value);
    public static FieldError Duplicate(string field, object? value) => new(FieldErrorType.Duplicate, field, "", value);
    public static FieldError Forbidden(string field, string detail) => new(FieldErrorType.Forbidden, field, detail);
    public static FieldError TooLong(string field, object? value, int max) => new(FieldErrorType.TooLong, field, $"must have at most {max} bytes", value);
    public static FieldError TooMany(string field, int actual, int max) => new(FieldErrorType.TooMany, field, $"must have at most {max} items", actual);
    public static FieldError Unknown(string field) => new(FieldErrorType.Unknown, field, "");
    public static FieldError NotFound(string field, object? value) => new(FieldErrorType.NotFound, field, "", value);

    /// <summary>The StatusCause reason Kubernetes uses for this kind of error.</summary>
    public string Reason => Type switch
    {
        FieldErrorType.Required => "FieldValueRequired",
        FieldErrorType.Invalid => "FieldValueInvalid",
        FieldErrorType.NotSupported => "FieldValueNotSupported",
        FieldErrorType.Duplicate => "FieldValueDuplicate",
        FieldErrorType.Forbidden => "FieldValueForbidden",
        FieldErrorType.TooLong => "FieldValueTooLong",
        FieldErrorType.TooMany => "FieldValueTooMany",
        FieldErrorType.TypeInvalid => "FieldValueTypeInvalid",
        FieldErrorType.Unknown => "FieldValueInvalid",
        FieldErrorType.NotFound => "FieldValueNotFound",
        _ => "FieldValueInvalid",
    };

    /// <summary>The message text Kubernetes prints, e.g. <c>spec.replicas: Invalid value: -1: must be ...</c>.</summary>
    public string Message => Type == FieldErrorType.Unknown ? $"unknown field \"{Field}\"" : $"{Field}: {Body}";

    /// <summary>
    /// The message without the field (Go's <c>ErrorBody</c>): what a <c>StatusCause</c> carries beside its
    /// <c>field</c>, and kubectl joins the two as <c>field: body</c>.
    /// </summary>
    public string Body
    {
        get
        {
            var what = Type switch
            {
                FieldErrorType.Required => "Required value",
                FieldErrorType.Invalid => "Invalid value",
                FieldErrorType.NotSupported => "Unsupported value",
                FieldErrorType.Duplicate => "Duplicate value",
                FieldErrorType.Forbidden => "Forbidden",
                FieldErrorType.TooLong => "Too long",
                FieldErrorType.TooMany => "Too many",
                FieldErrorType.TypeInvalid => "Invalid value",
                FieldErrorType.Unknown => "unknown field",
                FieldErrorType.NotFound => "Not found",
                _ => "Invalid value",
            };
            if (Type == FieldErrorType.Unknown) return Message;
            var text = what;
            // Kubernetes prints the bad value for these; a too-long value is left out (it may be huge).
            if (Type is FieldErrorType.Invalid or FieldErrorType.NotSupported or FieldErrorType.Duplicate or FieldErrorType.TypeInvalid or FieldErrorType.NotFound or FieldErrorType.TooMany)
                text += ": " + FormatValue(BadValue);
            if (!string.IsNullOrEmpty(Detail)) text += ": " + Detail;
            return text;
        }
    }

    public override string ToString() => Message;

    private static string FormatValue(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        bool b => b ? "true" : "false",
        System.Text.Json.Nodes.JsonNode n => n.ToJsonString(),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "null",
    };
}

public enum FieldErrorType
{
    Required,
    Invalid,
    NotSupported,
    Duplicate,
    Forbidden,
    TooLong,
    /// <summary>A list with more items than allowed.</summary>
    TooMany,
    TypeInvalid,
    /// <summary>A field the schema does not know (strict field validation).</summary>
    Unknown,
    /// <summary>A reference to something that does not exist (a volume mount naming no volume).</summary>
    NotFound,
}
