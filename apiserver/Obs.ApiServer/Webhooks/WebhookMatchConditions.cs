using System.Text.Json.Nodes;
using Obs.Api.Cel;
using Obs.Api.Objects;

namespace Obs.ApiServer.Webhooks;

/// <summary>
/// A webhook's <c>matchConditions</c>: CEL expressions over <c>object</c>, <c>oldObject</c> and <c>request</c> (the
/// AdmissionRequest the webhook would be sent), all of which must be true for the webhook to be called. As kube-apiserver
/// decides: any false skips the webhook, even when another failed to evaluate; an error with none false is the
/// webhook's failure (its failurePolicy says whether the write goes on without it). <c>authorizer</c> checks are answered
/// by RBAC for the requesting user. A condition this evaluator cannot run (valid Kubernetes CEL it lacks) holds, so the
/// webhook is called and decides.
/// </summary>
public sealed class WebhookMatchConditions
{
    public static readonly WebhookMatchConditions None = new([]);

    private readonly IReadOnlyList<(string Name, CelProgram? Program)> _conditions;

    private WebhookMatchConditions(IReadOnlyList<(string Name, CelProgram? Program)> conditions) => _conditions = conditions;

    public bool IsEmpty => _conditions.Count == 0;

    /// <summary>The conditions of a stored webhook (validated when it was written, so one that does not compile is skipped like one we cannot run).</summary>
    public static WebhookMatchConditions From(JsonNode? node)
    {
        if (node is not JsonArray array || array.Count == 0) return None;
        var conditions = new List<(string, CelProgram?)>();
        foreach (var condition in array.OfType<JsonObject>())
        {
            CelProgram? program;
            try
            {
                program = CelProgram.Compile(condition.StringAt("expression") ?? "true", Obs.Api.Admission.PolicyExpressions.WebhookMatchConditions);
            }
            catch (Exception e) when (e is CelSyntaxException or CelUnsupportedException)
            {
                program = null;
            }
            conditions.Add((condition.StringAt("name") ?? "", program));
        }
        return new WebhookMatchConditions(conditions);
    }

    /// <summary>True: call the webhook; false: skip it (<paramref name="authorizer"/> answers <c>authorizer</c> for the request). Throws <see cref="WebhookCallException"/> when a condition failed to evaluate and none was false.</summary>
    public bool Match(JsonObject review, Func<CelAuthorizer> authorizer)
    {
        if (IsEmpty) return true;
        var request = review["request"] as JsonObject;
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["object"] = CelValues.FromJson(request?["object"]),
            ["oldObject"] = CelValues.FromJson(request?["oldObject"]),
            ["request"] = CelValues.FromJson(request),
            [Obs.Api.Admission.PolicyExpressions.Authorizer] = authorizer(),
        };
        string? error = null;
        foreach (var (name, program) in _conditions)
        {
            if (program is null) continue;
            try
            {
                if (!program.EvaluateBool(variables)) return false;
            }
            catch (CelEvaluationException e)
            {
                error ??= $"failed evaluating match conditions: {name}: {e.Message}";
            }
        }
        return error is null ? true : throw new WebhookCallException(error);
    }
}
