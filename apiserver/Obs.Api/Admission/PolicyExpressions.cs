using System.Text.Json.Nodes;
using Obs.Api.Cel;
using Obs.Api.CustomResources;
using Obs.Api.Errors;

namespace Obs.Api.Admission;

/// <summary>
/// How a ValidatingAdmissionPolicy's CEL is compiled, the same when the policy is validated and when it is enforced:
/// over <c>object</c>, <c>oldObject</c>, <c>request</c>, <c>params</c>, <c>namespaceObject</c>, <c>authorizer</c> and
/// <c>variables</c>, whose fields are the policy's own variable names (any other is an undefined field, as in
/// Kubernetes).
/// </summary>
public static class PolicyExpressions
{
    public const string Authorizer = "authorizer";

    private static readonly string[] Plain = ["object", "oldObject", "request", "params", "namespaceObject", Authorizer];

    /// <summary>What a webhook's matchConditions may read: <c>object</c>, <c>oldObject</c>, <c>request</c> and <c>authorizer</c>.</summary>
    public static readonly IReadOnlyDictionary<string, StructuralSchema?> WebhookMatchConditions =
        CelProgram.Untyped("object", "oldObject", "request", Authorizer);

    /// <summary>The variables an expression of a policy declaring <paramref name="variableNames"/> may read.</summary>
    public static IReadOnlyDictionary<string, StructuralSchema?> Declarations(IEnumerable<string> variableNames)
    {
        var declared = new Dictionary<string, StructuralSchema?>(CelProgram.Untyped(Plain), StringComparer.Ordinal)
        {
            ["variables"] = VariablesSchema(variableNames),
        };
        return declared;
    }

    /// <summary>The compiled expression, or the error Kubernetes reports (<c>compilation failed: …</c>); null program and null error for valid Kubernetes CEL this evaluator lacks.</summary>
    public static (CelProgram? Program, string? Error) Compile(string expression, IReadOnlyDictionary<string, StructuralSchema?> declarations, bool mustBeBool = true)
    {
        try
        {
            return (CelProgram.Compile(expression, declarations, mustBeBool), null);
        }
        catch (CelSyntaxException e)
        {
            return (null, "compilation failed: " + e.Message);
        }
        catch (CelUnsupportedException)
        {
            return (null, null);
        }
    }

    /// <summary>
    /// An object whose properties are the variable names, each any value. The checker lets any field of an object with no
    /// properties through, so a name no variable can have (not a CEL identifier) is always declared too.
    /// </summary>
    private static StructuralSchema VariablesSchema(IEnumerable<string> names)
    {
        var properties = new JsonObject { ["-"] = new JsonObject { ["x-kubernetes-preserve-unknown-fields"] = true } };
        foreach (var name in names.Distinct(StringComparer.Ordinal)) properties[name] = new JsonObject { ["x-kubernetes-preserve-unknown-fields"] = true };
        var schema = new JsonObject { ["type"] = "object", ["properties"] = properties };
        return StructuralSchema.Parse(schema, "", new List<FieldError>());
    }
}
