using System.Text.Json.Nodes;
using Obs.Api.Cel;
using Obs.Api.Errors;
using Obs.Api.Validation;

namespace Obs.Api.CustomResources;

/// <summary>
/// Reads and compiles a schema node's <c>x-kubernetes-validations</c>, reporting what apiextensions-apiserver
/// refuses in a definition: an empty rule, one that does not compile (cel-go's message after
/// <c>compilation failed: </c>), a messageExpression that does not, an unknown reason, a fieldPath the
/// schema does not have, and oldSelf where no previous value can be matched (inside atomic or set lists).
/// </summary>
internal static class ValidationRuleReader
{
    public static IReadOnlyList<ValidationRule> Read(JsonNode? node, StructuralSchema schema, string path, bool correlatable, List<FieldError> errors)
    {
        if (node is null) return [];
        var listPath = path.Child("x-kubernetes-validations");
        if (node is not JsonArray entries)
        {
            errors.Add(FieldError.Invalid(listPath, node.ToJsonString(), "must be an array"));
            return [];
        }
        var rules = new List<ValidationRule>();
        for (var i = 0; i < entries.Count; i++)
        {
            var at = listPath.Index(i);
            if (entries[i] is not JsonObject entry)
            {
                errors.Add(FieldError.Invalid(at, entries[i]?.ToJsonString(), "must be an object"));
                continue;
            }
            var rule = new ValidationRule(
                JsonValues.String(entry["rule"]) ?? "",
                JsonValues.String(entry["message"]),
                JsonValues.String(entry["messageExpression"]),
                JsonValues.String(entry["reason"]),
                JsonValues.String(entry["fieldPath"]),
                JsonValues.Bool(entry["optionalOldSelf"]) == true);
            // With optionalOldSelf, oldSelf is an optional (optional.none() on creates): not an object of the schema.
            var variables = new Dictionary<string, StructuralSchema?>(StringComparer.Ordinal) { ["self"] = schema, ["oldSelf"] = rule.OptionalOldSelf ? null : schema };
            rules.Add(Compile(rule, schema, variables, at, correlatable, errors));
        }
        return rules;
    }

    private static ValidationRule Compile(ValidationRule rule, StructuralSchema schema, Dictionary<string, StructuralSchema?> variables, string at, bool correlatable, List<FieldError> errors)
    {
        if (rule.Message is { } message && (message.Contains('\n') || message.Contains('\r')))
            errors.Add(FieldError.Invalid(at.Child("message"), message, "message must not contain line breaks"));
        if (rule.Reason is { } reason && !ValidationRule.Reasons.Contains(reason))
            errors.Add(FieldError.NotSupported(at.Child("reason"), reason, ValidationRule.Reasons));
        if (rule.FieldPath is { } fieldPath && RuleFieldPath.Resolve(schema, fieldPath, "") is null)
            errors.Add(FieldError.Invalid(at.Child("fieldPath"), fieldPath, "fieldPath must be a valid path"));
        if (string.IsNullOrWhiteSpace(rule.Rule))
        {
            errors.Add(FieldError.Required(at.Child("rule"), "rule is not specified"));
            return rule with { CompileError = "rule is not specified" };
        }
        CelProgram program;
        try
        {
            program = CelProgram.Compile(rule.Rule, variables);
        }
        catch (CelSyntaxException e)
        {
            errors.Add(FieldError.Invalid(at.Child("rule"), new RuleValue(rule), "compilation failed: " + e.Message));
            return rule with { CompileError = e.Message };
        }
        catch (CelUnsupportedException e)
        {
            return rule with { Unsupported = e.Message };
        }
        if (program.References("oldSelf") && !correlatable)
            errors.Add(FieldError.Invalid(at.Child("rule"), new RuleValue(rule), "oldSelf cannot be used on the uncorrelatable portion of the schema"));
        CelProgram? messageProgram = null;
        if (rule.MessageExpression is { } expression)
        {
            try
            {
                messageProgram = CelProgram.Compile(expression, variables, mustBeBool: false);
            }
            catch (CelSyntaxException e)
            {
                errors.Add(FieldError.Invalid(at.Child("messageExpression"), expression, "messageExpression compilation failed: " + e.Message));
            }
            catch (CelUnsupportedException)
            {
                // The static message serves instead.
            }
        }
        return rule with { Program = program, MessageProgram = messageProgram };
    }

    /// <summary>A rule shown as the bad value of an error, as Kubernetes prints it.</summary>
    private sealed record RuleValue(ValidationRule Rule)
    {
        public override string ToString() => Rule.GoString();
    }
}
