using System.Text.Json.Nodes;
using Obs.Api.Cel;
using Obs.Api.Errors;
using Obs.Api.Validation;

namespace Obs.Api.CustomResources;

/// <summary>
/// Runs a custom object's <c>x-kubernetes-validations</c> rules as kube-apiserver does: each rule at each
/// value its schema node has, with <c>self</c> that value and, on updates, <c>oldSelf</c> the previous
/// value at the same place (object fields by name, map values by key, <c>listType: map</c> items by their
/// keys). A transition rule (one reading oldSelf) runs only where such a previous value exists; a rule
/// without oldSelf is skipped where the value did not change (Kubernetes' validation ratcheting), so an
/// object stored before a rule existed can still be updated elsewhere.
/// </summary>
public static class SchemaRuleValidation
{
    /// <summary>How Kubernetes names the root in an error (a nil field path prints so).</summary>
    public const string RootField = "<nil>";

    public static List<FieldError> Validate(StructuralSchema schema, JsonObject obj, JsonObject? old)
    {
        var errors = new List<FieldError>();
        Walk(obj, old, old is not null, schema, "", errors);
        return errors;
    }

    private static void Walk(JsonNode? value, JsonNode? old, bool hasOld, StructuralSchema schema, string path, List<FieldError> errors)
    {
        // A null or absent value has no rules run on it, as Kubernetes treats null fields as absent.
        if (value is null) return;
        if (schema.Validations.Count > 0)
        {
            var unchanged = hasOld && JsonNode.DeepEquals(value, old);
            foreach (var rule in schema.Validations)
            {
                if (rule.Unsupported is not null || (rule.IsTransition ? !hasOld && !rule.OptionalOldSelf : unchanged)) continue;
                if (Check(rule, value, hasOld ? old : null, schema, path) is { } error) errors.Add(error);
            }
        }
        switch (value)
        {
            case JsonObject o:
                var oldObject = hasOld ? old as JsonObject : null;
                foreach (var (name, child) in o)
                {
                    if (schema.Properties.TryGetValue(name, out var property)) Descend(child, oldObject, name, property, path.Child(name), errors);
                    else if (schema.AdditionalProperties is { } values) Descend(child, oldObject, name, values, path.Key(name), errors);
                }
                break;
            case JsonArray a when schema.Items is { } items:
                var oldArray = hasOld ? old as JsonArray : null;
                for (var i = 0; i < a.Count; i++)
                {
                    var previous = schema.ListType == "map" && oldArray is not null ? Correlate(a[i], oldArray, schema.ListMapKeys) : null;
                    Walk(a[i], previous, previous is not null, items, path.Index(i), errors);
                }
                break;
        }
    }

    private static void Descend(JsonNode? child, JsonObject? oldObject, string name, StructuralSchema schema, string path, List<FieldError> errors)
    {
        var previous = oldObject?[name];
        Walk(child, previous, previous is not null, schema, path, errors);
    }

    /// <summary>The old item of a <c>listType: map</c> list with the same key fields, if any.</summary>
    private static JsonNode? Correlate(JsonNode? item, JsonArray old, IReadOnlyList<string> keys) =>
        item is not JsonObject o ? null
        : old.FirstOrDefault(candidate => candidate is JsonObject c && keys.All(k => JsonNode.DeepEquals(o[k], c[k])));

    private static FieldError? Check(ValidationRule rule, JsonNode value, JsonNode? old, StructuralSchema schema, string path)
    {
        // Errors evaluating are the node's; a failure is reported at the rule's fieldPath when it has one.
        var node = path.Length == 0 ? RootField : path;
        var type = schema.Type ?? (schema.IntOrString ? "integer-or-string" : "object");
        if (rule.Program is not { } program)
            return FieldError.Invalid(node, type, $"Internal error: rule compile error: {rule.CompileError}");
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["self"] = CelValues.FromJson(value, schema),
            ["oldSelf"] = rule.OptionalOldSelf
                ? old is null ? CelOptional.None : CelOptional.Of(CelValues.FromJson(old, schema))
                : old is null ? null : CelValues.FromJson(old, schema),
        };
        object? result;
        try
        {
            result = program.Evaluate(variables);
        }
        catch (CelEvaluationException e)
        {
            var detail = e.Message.StartsWith("no such overload", StringComparison.Ordinal)
                ? $"'{e.Message}': call arguments did not match a supported operator, function or macro signature for rule: {Shown(rule)}"
                : e.Message.StartsWith("operation cancelled", StringComparison.Ordinal)
                    ? $"{e.Message}: call cost exceeds limit for rule: {Shown(rule)}"
                    : $"{e.Message} evaluating rule: {Shown(rule)}";
            return FieldError.Invalid(node, type, detail);
        }
        if (result is true) return null;
        if (result is not false) return FieldError.Invalid(node, type, $"rule did not evaluate to a bool: {Shown(rule)}");
        var message = Message(rule, variables);
        var field = rule.FieldPath is { } fieldPath && RuleFieldPath.Resolve(schema, fieldPath, path) is { Length: > 0 } resolved ? resolved : node;
        return rule.Reason switch
        {
            ValidationRule.Forbidden => FieldError.Forbidden(field, message),
            ValidationRule.Required => FieldError.Required(field, message),
            ValidationRule.Duplicate => FieldError.Duplicate(field, type),
            _ => FieldError.Invalid(field, type, message),
        };
    }

    /// <summary>The rule's message, else the rule itself (how Kubernetes names a rule in an evaluation error).</summary>
    private static string Shown(ValidationRule rule) => string.IsNullOrWhiteSpace(rule.Message) ? rule.Rule.Trim() : rule.Message.Trim();

    /// <summary>
    /// A messageExpression's string where it gives a usable one (not empty, one line); otherwise, as in
    /// Kubernetes, the static message or "failed rule: ...".
    /// </summary>
    private static string Message(ValidationRule rule, Dictionary<string, object?> variables)
    {
        if (rule.MessageProgram is { } messageProgram)
        {
            try
            {
                if (messageProgram.Evaluate(variables) is string s && !string.IsNullOrWhiteSpace(s) && !s.Contains('\n') && !s.Contains('\r'))
                    return s;
            }
            catch (CelEvaluationException)
            {
                // Falls back to the static message, as kube-apiserver does.
            }
        }
        return rule.DefaultMessage;
    }
}
