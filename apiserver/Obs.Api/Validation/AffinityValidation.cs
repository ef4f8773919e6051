using System.Text.Json.Nodes;
using Obs.Api.Errors;
using Obs.Api.Selectors;

namespace Obs.Api.Validation;

/// <summary>
/// A pod's scheduling constraints: <c>affinity</c> (node, pod and anti-affinity) and
/// <c>topologySpreadConstraints</c> (Kubernetes' <c>validateAffinity</c>, <c>validateTopologySpreadConstraints</c>).
/// </summary>
internal static class AffinityValidation
{
    private const string Required = "requiredDuringSchedulingIgnoredDuringExecution";
    private const string Preferred = "preferredDuringSchedulingIgnoredDuringExecution";

    public static void Validate(JsonObject spec, string path, ErrorList errors)
    {
        var affinity = errors.Object(spec, "affinity", path);
        var affinityPath = path.Child("affinity");
        if (affinity is not null)
        {
            if (errors.Object(affinity, "nodeAffinity", affinityPath) is { } node)
            {
                var nodePath = affinityPath.Child("nodeAffinity");
                if (errors.Object(node, Required, nodePath) is { } selector)
                    ValidateNodeSelector(selector, nodePath.Child(Required), errors);
                foreach (var (term, termPath) in errors.Objects(node, Preferred, nodePath))
                {
                    ValidateWeight(term, termPath, errors);
                    var preference = errors.Object(term, "preference", termPath);
                    if (preference is not null) ValidateNodeSelectorTerm(preference, termPath.Child("preference"), errors);
                }
            }
            foreach (var kind in (string[])["podAffinity", "podAntiAffinity"])
            {
                if (errors.Object(affinity, kind, affinityPath) is not { } pod) continue;
                var podPath = affinityPath.Child(kind);
                foreach (var (term, termPath) in errors.Objects(pod, Required, podPath))
                    ValidatePodAffinityTerm(term, termPath, errors);
                foreach (var (weighted, weightedPath) in errors.Objects(pod, Preferred, podPath))
                {
                    ValidateWeight(weighted, weightedPath, errors);
                    var term = errors.Object(weighted, "podAffinityTerm", weightedPath);
                    if (term is null) errors.Add(FieldError.Required(weightedPath.Child("podAffinityTerm")));
                    else ValidatePodAffinityTerm(term, weightedPath.Child("podAffinityTerm"), errors);
                }
            }
        }

        foreach (var (constraint, constraintPath) in errors.Objects(spec, "topologySpreadConstraints", path))
        {
            var skew = errors.Long(constraint, "maxSkew", constraintPath) ?? 0;
            if (skew <= 0) errors.Add(FieldError.Invalid(constraintPath.Child("maxSkew"), skew, "must be greater than zero"));
            var key = errors.String(constraint, "topologyKey", constraintPath) ?? "";
            if (key.Length == 0) errors.Add(FieldError.Required(constraintPath.Child("topologyKey"), "can not be empty"));
            else errors.Name(NameFormats.IsQualifiedName(key), constraintPath.Child("topologyKey"), key);
            var when = errors.String(constraint, "whenUnsatisfiable", constraintPath) ?? "";
            if (when.Length == 0) errors.Add(FieldError.Required(constraintPath.Child("whenUnsatisfiable")));
            else if (when is not ("DoNotSchedule" or "ScheduleAnyway"))
                errors.Add(FieldError.NotSupported(constraintPath.Child("whenUnsatisfiable"), when, ["DoNotSchedule", "ScheduleAnyway"]));
            if (constraint["labelSelector"] is { } labelSelector)
                errors.AddRange(LabelSelector.ValidateJson(labelSelector, constraintPath.Child("labelSelector")));
        }
    }

    private static void ValidateNodeSelector(JsonObject selector, string path, ErrorList errors)
    {
        var terms = errors.Objects(selector, "nodeSelectorTerms", path);
        if (terms.Count == 0) errors.Add(FieldError.Required(path.Child("nodeSelectorTerms"), "must have at least one node selector term"));
        foreach (var (term, termPath) in terms) ValidateNodeSelectorTerm(term, termPath, errors);
    }

    private static void ValidateNodeSelectorTerm(JsonObject term, string path, ErrorList errors)
    {
        foreach (var (requirement, requirementPath) in errors.Objects(term, "matchExpressions", path))
        {
            var values = errors.Strings(requirement, "values", requirementPath);
            switch (errors.String(requirement, "operator", requirementPath) ?? "")
            {
                case "In" or "NotIn":
                    if (values.Count == 0) errors.Add(FieldError.Required(requirementPath.Child("values"), "must be specified when `operator` is 'In' or 'NotIn'"));
                    break;
                case "Exists" or "DoesNotExist":
                    if (values.Count > 0) errors.Add(FieldError.Forbidden(requirementPath.Child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                    break;
                case "Gt" or "Lt":
                    if (values.Count != 1) errors.Add(FieldError.Required(requirementPath.Child("values"), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
                    break;
                case var op:
                    errors.Add(FieldError.Invalid(requirementPath.Child("operator"), op, "not a valid selector operator"));
                    break;
            }
            var key = errors.String(requirement, "key", requirementPath) ?? "";
            errors.Name(NameFormats.IsQualifiedName(key), requirementPath.Child("key"), key);
        }
        foreach (var (requirement, requirementPath) in errors.Objects(term, "matchFields", path))
        {
            var key = errors.String(requirement, "key", requirementPath) ?? "";
            if (key != "metadata.name") errors.Add(FieldError.Invalid(requirementPath.Child("key"), key, "not a valid field selector key"));
            var op = errors.String(requirement, "operator", requirementPath) ?? "";
            if (op is not ("In" or "NotIn")) errors.Add(FieldError.Invalid(requirementPath.Child("operator"), op, "not a valid selector operator"));
            if (errors.Strings(requirement, "values", requirementPath).Count != 1)
                errors.Add(FieldError.Required(requirementPath.Child("values"), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
        }
    }

    private static void ValidatePodAffinityTerm(JsonObject term, string path, ErrorList errors)
    {
        if (term["labelSelector"] is { } selector) errors.AddRange(LabelSelector.ValidateJson(selector, path.Child("labelSelector")));
        if (term["namespaceSelector"] is { } namespaces) errors.AddRange(LabelSelector.ValidateJson(namespaces, path.Child("namespaceSelector")));
        foreach (var name in errors.Strings(term, "namespaces", path))
            errors.Name(NameFormats.IsDns1123Label(name), path.Child("namespaces"), name);
        var key = errors.String(term, "topologyKey", path) ?? "";
        if (key.Length == 0) errors.Add(FieldError.Required(path.Child("topologyKey"), "can not be empty"));
        else errors.Name(NameFormats.IsQualifiedName(key), path.Child("topologyKey"), key);
    }

    private static void ValidateWeight(JsonObject term, string path, ErrorList errors)
    {
        var weight = errors.Long(term, "weight", path) ?? 0;
        if (weight is < 1 or > 100) errors.Add(FieldError.Invalid(path.Child("weight"), weight, "must be in the range 1-100"));
    }
}
