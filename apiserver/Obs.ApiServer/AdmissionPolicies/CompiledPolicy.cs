using System.Text.Json.Nodes;
using Obs.Api.Admission;
using Obs.Api.Cel;
using Obs.Api.Objects;

namespace Obs.ApiServer.AdmissionPolicies;

/// <summary>
/// A stored ValidatingAdmissionPolicy with its CEL compiled, once per change. An expression that is valid Kubernetes
/// CEL this evaluator cannot run has a null program: it is skipped (a validation or condition so holds), as webhook
/// match conditions are.
/// </summary>
public sealed record CompiledPolicy(
    string Name,
    (string ApiVersion, string Kind)? ParamKind,
    PolicyMatchResources? Constraints,
    bool FailOpen,
    IReadOnlyList<(string Name, CelProgram? Program)> MatchConditions,
    IReadOnlyList<(string Name, CelProgram? Program)> Variables,
    IReadOnlyList<CompiledValidation> Validations,
    IReadOnlyList<(string Key, CelProgram? Program)> AuditAnnotations)
{
    public static CompiledPolicy Compile(string name, JsonObject policy)
    {
        var spec = policy["spec"] as JsonObject ?? [];
        var variables = Items(spec, "variables").Select(v => v.StringAt("name") ?? "").ToList();
        var declarations = PolicyExpressions.Declarations(variables);
        CelProgram? Compile(string? expression, bool mustBeBool = true) =>
            expression is { Length: > 0 } ? PolicyExpressions.Compile(expression, declarations, mustBeBool).Program : null;
        var kind = spec["paramKind"] as JsonObject;
        return new CompiledPolicy(
            name,
            kind is null ? null : (kind.StringAt("apiVersion") ?? "", kind.StringAt("kind") ?? ""),
            PolicyMatchResources.From(spec["matchConstraints"]),
            FailOpen: spec.StringAt("failurePolicy") == "Ignore",
            Items(spec, "matchConditions").Select(c => (c.StringAt("name") ?? "", Compile(c.StringAt("expression")))).ToArray(),
            Items(spec, "variables").Select(v => (v.StringAt("name") ?? "", Compile(v.StringAt("expression"), mustBeBool: false))).ToArray(),
            Items(spec, "validations").Select(v => new CompiledValidation(
                v.StringAt("expression") ?? "", Compile(v.StringAt("expression")), v.StringAt("message"),
                Compile(v.StringAt("messageExpression"), mustBeBool: false), v.StringAt("reason"))).ToArray(),
            Items(spec, "auditAnnotations").Select(a => (a.StringAt("key") ?? "", Compile(a.StringAt("valueExpression"), mustBeBool: false))).ToArray());
    }

    private static IEnumerable<JsonObject> Items(JsonObject spec, string field) => (spec[field] as JsonArray ?? []).OfType<JsonObject>();
}

/// <summary>One validation: its expression (source and program), the message or message expression, and the reason a refusal carries.</summary>
public sealed record CompiledValidation(string Expression, CelProgram? Program, string? Message, CelProgram? MessageExpression, string? Reason);
