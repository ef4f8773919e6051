using Obs.Api.Cel;

namespace Obs.Api.CustomResources;

/// <summary>
/// One <c>x-kubernetes-validations</c> entry of a schema node: a CEL rule over <c>self</c> (and
/// <c>oldSelf</c> on updates), what to say when it fails, and the compiled programs. A rule that does
/// not compile keeps its <see cref="CompileError"/>; the definition is refused for it, but one already
/// stored still reports it on every write rather than silently passing.
/// </summary>
public sealed record ValidationRule(string Rule, string? Message, string? MessageExpression, string? Reason, string? FieldPath, bool OptionalOldSelf)
{
    public const string Invalid = "FieldValueInvalid";
    public const string Forbidden = "FieldValueForbidden";
    public const string Required = "FieldValueRequired";
    public const string Duplicate = "FieldValueDuplicate";

    public static readonly string[] Reasons = [Required, Duplicate, Invalid, Forbidden];

    public CelProgram? Program { get; init; }
    public CelProgram? MessageProgram { get; init; }
    public string? CompileError { get; init; }

    /// <summary>
    /// Why the rule is not evaluated: it is valid Kubernetes CEL but uses a part Obs lacks. Such a rule is
    /// neither refused nor enforced (as before rules ran at all), so definitions that use it still install.
    /// </summary>
    public string? Unsupported { get; init; }

    /// <summary>A rule that reads oldSelf compares with the previous value: it runs only on updates that have one.</summary>
    public bool IsTransition => Program?.References("oldSelf") == true;

    /// <summary>The message a failure shows when no messageExpression gives one: the message, else the rule.</summary>
    public string DefaultMessage => string.IsNullOrWhiteSpace(Message) ? $"failed rule: {Rule.Trim()}" : Message.Trim();

    /// <summary>The rule as Kubernetes prints it as the bad value of a refused definition (Go's %#v of the struct).</summary>
    public string GoString() =>
        $"apiextensions.ValidationRule{{Rule:{Quote(Rule)}, Message:{Quote(Message ?? "")}, MessageExpression:{Quote(MessageExpression ?? "")}, " +
        $"Reason:{(Reason is null ? "(*apiextensions.FieldValueErrorReason)(nil)" : $"\"{Reason}\"")}, FieldPath:{Quote(FieldPath ?? "")}, " +
        $"OptionalOldSelf:{(OptionalOldSelf ? "true" : "(*bool)(nil)")}}}";

    /// <summary>Go's %q: backslash, quote and control characters escaped.</summary>
    private static string Quote(string s)
    {
        var sb = new System.Text.StringBuilder("\"");
        foreach (var c in s)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                _ when char.IsControl(c) => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }
        return sb.Append('"').ToString();
    }
}
