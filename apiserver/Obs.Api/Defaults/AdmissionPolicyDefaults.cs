using System.Text.Json.Nodes;

namespace Obs.Api.Defaults;

/// <summary>
/// admissionregistration.k8s.io/v1 defaults of ValidatingAdmissionPolicies and their bindings
/// (SetDefaults_ValidatingAdmissionPolicySpec, _MatchResources, _ParamRef, _Rule): failurePolicy Fail, matchPolicy
/// Equivalent, match-all selectors, parameterNotFoundAction Deny, rule scope "*".
/// </summary>
internal static class AdmissionPolicyDefaults
{
    public static void Policy(JsonObject obj)
    {
        if (obj["spec"] is not JsonObject spec) return;
        DefaultFields.Pointer(spec, "failurePolicy", "Fail");
        if (spec["matchConstraints"] is JsonObject constraints) MatchResources(constraints);
    }

    public static void Binding(JsonObject obj)
    {
        if (obj["spec"] is not JsonObject spec) return;
        if (spec["matchResources"] is JsonObject resources) MatchResources(resources);
        if (spec["paramRef"] is JsonObject paramRef) DefaultFields.Pointer(paramRef, "parameterNotFoundAction", "Deny");
    }

    private static void MatchResources(JsonObject match)
    {
        DefaultFields.Pointer(match, "matchPolicy", "Equivalent");
        DefaultFields.Pointer(match, "namespaceSelector", new JsonObject());
        DefaultFields.Pointer(match, "objectSelector", new JsonObject());
        foreach (var list in new[] { "resourceRules", "excludeResourceRules" })
        {
            foreach (var rule in DefaultFields.Items(match, list)) DefaultFields.Pointer(rule, "scope", "*");
        }
    }
}
