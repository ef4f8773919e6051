using System.Text.Json.Nodes;
using Obs.Api.Errors;

namespace Obs.Api.Validation;

/// <summary>A webhook's RuleWithOperations, as kube-apiserver's validateRuleWithOperations checks it, subresources included.</summary>
internal static class WebhookRuleValidation
{
    private static readonly string[] Operations = ["*", "CONNECT", "CREATE", "DELETE", "UPDATE"];
    private static readonly string[] Scopes = ["*", "Cluster", "Namespaced"];

    public static void Validate(JsonObject rule, string path, ErrorList errors)
    {
        var operations = errors.Strings(rule, "operations", path);
        if (operations.Count == 0) errors.Add(FieldError.Required(path.Child("operations")));
        if (operations.Count > 1 && operations.Contains("*"))
            errors.Add(FieldError.Invalid(path.Child("operations"), Checks.Copy(rule["operations"]), "if '*' is present, must not specify other operations"));
        for (var i = 0; i < operations.Count; i++)
        {
            if (!Operations.Contains(operations[i])) errors.Add(FieldError.NotSupported(path.Child("operations").Index(i), operations[i], Operations));
        }

        var groups = errors.Strings(rule, "apiGroups", path);
        if (groups.Count == 0) errors.Add(FieldError.Required(path.Child("apiGroups")));
        if (groups.Count > 1 && groups.Contains("*"))
            errors.Add(FieldError.Invalid(path.Child("apiGroups"), Checks.Copy(rule["apiGroups"]), "if '*' is present, must not specify other API groups"));

        var versions = errors.Strings(rule, "apiVersions", path);
        if (versions.Count == 0) errors.Add(FieldError.Required(path.Child("apiVersions")));
        if (versions.Count > 1 && versions.Contains("*"))
            errors.Add(FieldError.Invalid(path.Child("apiVersions"), Checks.Copy(rule["apiVersions"]), "if '*' is present, must not specify other API versions"));
        for (var i = 0; i < versions.Count; i++)
        {
            if (versions[i].Length == 0) errors.Add(FieldError.Required(path.Child("apiVersions").Index(i)));
        }

        ValidateResources(errors.Strings(rule, "resources", path), rule["resources"], path.Child("resources"), errors);
        var scope = errors.String(rule, "scope", path);
        if (scope is not null && !Scopes.Contains(scope)) errors.Add(FieldError.NotSupported(path.Child("scope"), scope, Scopes));
    }

    /// <summary>
    /// <c>pods</c>, <c>pods/status</c>, <c>pods/*</c>, <c>*/scale</c>, <c>*</c> and <c>*/*</c>: wildcards may not be
    /// given beside what they already cover.
    /// </summary>
    private static void ValidateResources(List<string> resources, JsonNode? node, string path, ErrorList errors)
    {
        if (resources.Count == 0) errors.Add(FieldError.Required(path));
        var wildcardSubresourceOf = new HashSet<string>(StringComparer.Ordinal);
        var wildcardResourceFor = new HashSet<string>(StringComparer.Ordinal);
        bool doubleWildcard = false, singleWildcard = false, plainResource = false;
        for (var i = 0; i < resources.Count; i++)
        {
            var entry = resources[i];
            if (entry.Length == 0)
            {
                errors.Add(FieldError.Required(path.Index(i)));
                continue;
            }
            if (entry == "*/*") doubleWildcard = true;
            if (entry == "*") singleWildcard = true;
            var slash = entry.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                plainResource = entry != "*";
                continue;
            }
            var (resource, sub) = (entry[..slash], entry[(slash + 1)..]);
            if (wildcardSubresourceOf.Contains(resource))
                errors.Add(FieldError.Invalid(path.Index(i), entry, $"if '{resource}/*' is present, must not specify {entry}"));
            if (wildcardResourceFor.Contains(sub))
                errors.Add(FieldError.Invalid(path.Index(i), entry, $"if '*/{sub}' is present, must not specify {entry}"));
            if (sub == "*") wildcardSubresourceOf.Add(resource);
            if (resource == "*") wildcardResourceFor.Add(sub);
        }
        if (resources.Count > 1 && doubleWildcard)
            errors.Add(FieldError.Invalid(path, Checks.Copy(node), "if '*/*' is present, must not specify other resources"));
        if (singleWildcard && plainResource)
            errors.Add(FieldError.Invalid(path, Checks.Copy(node), "if '*' is present, must not specify other resources without subresources"));
    }
}
