using System.Text.Json.Nodes;
using Obs.Api.Cel;

namespace Obs.ApiServer.AdmissionPolicies;

/// <summary>
/// One policy checked against one write with one parameter object, as kube-apiserver's policy validator does it: the
/// match conditions (any false: nothing to check; an error with none false fails as failurePolicy says), then every
/// validation, then the audit annotations. A validation that is false fails with its message expression's string (when
/// it gives a non-empty one on one line), else its message, else <c>failed expression: EXPR</c>; one that errs fails
/// with <c>expression 'EXPR' resulted in error: …</c> under failurePolicy Fail and passes under Ignore.
/// </summary>
public static class PolicyEvaluation
{
    /// <summary>A failed validation: the message and the reason the refusal carries (Invalid unless the validation says).</summary>
    public sealed record Failure(string Message, string Reason);

    public sealed record Result(IReadOnlyList<Failure> Failures, IReadOnlyList<(string Key, string Value)> AuditAnnotations);

    private static readonly Result Nothing = new([], []);

    private const string Invalid = "Invalid";

    /// <param name="activation">object, oldObject, request, params, namespaceObject and authorizer, as CEL values; variables are added here.</param>
    public static Result Evaluate(CompiledPolicy policy, Dictionary<string, object?> activation)
    {
        activation["variables"] = new CelLazyFields(policy.Variables
            .Where(v => v.Program is not null)
            .ToDictionary(v => v.Name, v => (Func<object?>)(() => v.Program!.Evaluate(activation)), StringComparer.Ordinal));
        if (MatchConditionsError(policy, activation) is { } matchResult) return matchResult;

        var failures = new List<Failure>();
        foreach (var validation in policy.Validations)
        {
            if (validation.Program is null) continue;
            try
            {
                if (validation.Program.EvaluateBool(activation)) continue;
                failures.Add(new Failure(Message(validation, activation), validation.Reason ?? Invalid));
            }
            catch (CelEvaluationException e)
            {
                if (!policy.FailOpen) failures.Add(new Failure($"expression '{validation.Expression}' resulted in error: {e.Message}", Invalid));
            }
        }
        var annotations = new List<(string, string)>();
        foreach (var (key, program) in policy.AuditAnnotations)
        {
            if (program is null) continue;
            try
            {
                switch (program.Evaluate(activation))
                {
                    case string value when value.Length > 0:
                        annotations.Add(($"{policy.Name}/{key}", value));
                        break;
                    case null or string:
                        break;
                    case var other:
                        throw new CelEvaluationException($"valueExpression '{key}' resulted in unsupported return type: {other.GetType().Name}");
                }
            }
            catch (CelEvaluationException e)
            {
                if (!policy.FailOpen) failures.Add(new Failure($"expression '{key}' resulted in error: {e.Message}", Invalid));
            }
        }
        return new Result(failures, annotations);
    }

    /// <summary>Null when every condition holds; otherwise the result: nothing (a condition is false, or failurePolicy Ignore) or the error as a failure.</summary>
    private static Result? MatchConditionsError(CompiledPolicy policy, Dictionary<string, object?> activation)
    {
        string? error = null;
        foreach (var (name, program) in policy.MatchConditions)
        {
            if (program is null) continue;
            try
            {
                if (!program.EvaluateBool(activation)) return Nothing;
            }
            catch (CelEvaluationException e)
            {
                error ??= $"failed evaluating match condition '{name}': {e.Message}";
            }
        }
        if (error is null) return null;
        return policy.FailOpen ? Nothing : new Result([new Failure(error, Invalid)], []);
    }

    private static string Message(CompiledValidation validation, Dictionary<string, object?> activation)
    {
        if (validation.MessageExpression is { } expression)
        {
            try
            {
                if (expression.Evaluate(activation) is string text && text.Trim().Length > 0 && !text.Contains('\n')) return text.Trim();
            }
            catch (CelEvaluationException)
            {
                // As in Kubernetes, a message expression that fails leaves the static message.
            }
        }
        return validation.Message is { Length: > 0 } message ? message.Trim() : $"failed expression: {validation.Expression.Trim()}";
    }
}
