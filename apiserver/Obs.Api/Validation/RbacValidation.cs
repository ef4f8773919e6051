using System.Text.Json.Nodes;
using Obs.Api.Errors;

namespace Obs.Api.Validation;

/// <summary>rbac.authorization.k8s.io/v1 roles and bindings.</summary>
internal static class RbacValidation
{
    private const string Group = "rbac.authorization.k8s.io";

    public static void ValidateRole(JsonObject obj, ErrorList errors, bool namespaced)
    {
        foreach (var (rule, rulePath) in errors.Objects(obj, "rules", ""))
        {
            if (errors.Strings(rule, "verbs", rulePath).Count == 0)
                errors.Add(FieldError.Required(rulePath.Child("verbs"), "verbs must contain at least one value"));
            var urls = errors.Strings(rule, "nonResourceURLs", rulePath);
            var groups = errors.Strings(rule, "apiGroups", rulePath);
            var resources = errors.Strings(rule, "resources", rulePath);
            var names = errors.Strings(rule, "resourceNames", rulePath);
            if (urls.Count > 0)
            {
                var urlsNode = Checks.Copy(rule["nonResourceURLs"]);
                if (namespaced) errors.Add(FieldError.Invalid(rulePath.Child("nonResourceURLs"), urlsNode, "namespaced rules cannot apply to non-resource URLs"));
                if (groups.Count > 0 || resources.Count > 0 || names.Count > 0)
                    errors.Add(FieldError.Invalid(rulePath.Child("nonResourceURLs"), urlsNode, "rules cannot apply to both regular resources and non-resource URLs"));
                continue;
            }
            if (groups.Count == 0) errors.Add(FieldError.Required(rulePath.Child("apiGroups"), "resource rules must supply at least one api group"));
            if (resources.Count == 0) errors.Add(FieldError.Required(rulePath.Child("resources"), "resource rules must supply at least one resource"));
        }
        if (errors.Object(obj, "aggregationRule", "") is { } aggregation)
        {
            foreach (var (selector, selectorPath) in errors.Objects(aggregation, "clusterRoleSelectors", "aggregationRule"))
                errors.AddRange(Selectors.LabelSelector.ValidateJson(selector, selectorPath));
        }
    }

    public static void ValidateBinding(JsonObject obj, ErrorList errors, bool namespaced)
    {
        var roleRef = errors.Object(obj, "roleRef", "");
        var apiGroup = errors.String(roleRef, "apiGroup", "roleRef") ?? "";
        if (apiGroup != Group) errors.Add(FieldError.NotSupported("roleRef.apiGroup", apiGroup, [Group]));
        var kind = errors.String(roleRef, "kind", "roleRef") ?? "";
        string[] kinds = namespaced ? ["Role", "ClusterRole"] : ["ClusterRole"];
        if (!kinds.Contains(kind)) errors.Add(FieldError.NotSupported("roleRef.kind", kind, kinds));
        var name = errors.String(roleRef, "name", "roleRef") ?? "";
        if (name.Length == 0) errors.Add(FieldError.Required("roleRef.name"));
        else errors.Name(NameFormats.IsValidPathSegmentName(name), "roleRef.name", name);

        foreach (var (subject, subjectPath) in errors.Objects(obj, "subjects", ""))
        {
            var subjectName = errors.String(subject, "name", subjectPath) ?? "";
            if (subjectName.Length == 0) errors.Add(FieldError.Required(subjectPath.Child("name")));
            var subjectGroup = errors.String(subject, "apiGroup", subjectPath) ?? "";
            switch (errors.String(subject, "kind", subjectPath) ?? "")
            {
                case "ServiceAccount":
                    if (subjectName.Length > 0) errors.Name(NameFormats.IsDns1123Subdomain(subjectName), subjectPath.Child("name"), subjectName);
                    if (subjectGroup.Length > 0) errors.Add(FieldError.NotSupported(subjectPath.Child("apiGroup"), subjectGroup, [""]));
                    if (!namespaced && (errors.String(subject, "namespace", subjectPath) ?? "").Length == 0)
                        errors.Add(FieldError.Required(subjectPath.Child("namespace")));
                    break;
                case "User" or "Group":
                    if (subjectGroup != Group) errors.Add(FieldError.NotSupported(subjectPath.Child("apiGroup"), subjectGroup, [Group]));
                    break;
                case var other:
                    errors.Add(FieldError.NotSupported(subjectPath.Child("kind"), other, ["ServiceAccount", "User", "Group"]));
                    break;
            }
        }
    }

    public static void ValidateBindingUpdate(JsonObject newObj, JsonObject oldObj, ErrorList errors)
    {
        if (!JsonNode.DeepEquals(newObj["roleRef"], oldObj["roleRef"]))
            errors.Add(FieldError.Invalid("roleRef", Checks.Copy(newObj["roleRef"]), "cannot change roleRef"));
    }
}
