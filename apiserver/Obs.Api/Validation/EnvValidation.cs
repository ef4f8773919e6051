using System.Text.Json.Nodes;
using Obs.Api.Errors;

namespace Obs.Api.Validation;

/// <summary>A container's <c>env</c> and <c>envFrom</c> (<c>ValidateEnv</c>, <c>ValidateEnvFrom</c>).</summary>
internal static class EnvValidation
{
    private static readonly string[] PodFieldPaths =
    [
        "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid",
        "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs",
    ];
    private static readonly string[] ContainerResourceFields =
        ["limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory"];

    public static void ValidateEnv(JsonObject container, string path, ErrorList errors)
    {
        foreach (var (env, envPath) in errors.Objects(container, "env", path))
        {
            var name = errors.String(env, "name", envPath) ?? "";
            if (name.Length == 0) errors.Add(FieldError.Required(envPath.Child("name")));
            else errors.Name(NameFormats.IsEnvVarName(name), envPath.Child("name"), name);
            var value = errors.String(env, "value", envPath) ?? "";
            var from = errors.Object(env, "valueFrom", envPath);
            if (from is null) continue;
            var fromPath = envPath.Child("valueFrom");
            var sources = 0;
            if (errors.Object(from, "fieldRef", fromPath) is { } fieldRef)
            {
                sources++;
                var refPath = fromPath.Child("fieldRef");
                if ((errors.String(fieldRef, "apiVersion", refPath) ?? "v1").Length == 0) errors.Add(FieldError.Required(refPath.Child("apiVersion")));
                var fieldPath = errors.String(fieldRef, "fieldPath", refPath) ?? "";
                if (fieldPath.Length == 0) errors.Add(FieldError.Required(refPath.Child("fieldPath")));
                else if (!IsPodFieldPath(fieldPath)) errors.Add(FieldError.NotSupported(refPath.Child("fieldPath"), fieldPath, PodFieldPaths));
            }
            if (errors.Object(from, "resourceFieldRef", fromPath) is { } resourceRef)
            {
                sources++;
                var refPath = fromPath.Child("resourceFieldRef");
                var resource = errors.String(resourceRef, "resource", refPath) ?? "";
                if (resource.Length == 0) errors.Add(FieldError.Required(refPath.Child("resource")));
                else if (!ContainerResourceFields.Contains(resource) && !resource.StartsWith("limits.hugepages-", StringComparison.Ordinal) && !resource.StartsWith("requests.hugepages-", StringComparison.Ordinal))
                    errors.Add(FieldError.NotSupported(refPath.Child("resource"), resource, ContainerResourceFields));
                if (errors.Quantity(resourceRef["divisor"], refPath.Child("divisor")) is { Sign: <= 0 } divisor && resourceRef["divisor"] is not null)
                    errors.Add(FieldError.Invalid(refPath.Child("divisor"), divisor.ToString(), "must be greater than 0"));
            }
            foreach (var kind in (string[])["configMapKeyRef", "secretKeyRef"])
            {
                if (errors.Object(from, kind, fromPath) is not { } keyRef) continue;
                sources++;
                var refPath = fromPath.Child(kind);
                var refName = errors.String(keyRef, "name", refPath) ?? "";
                if (refName.Length == 0) errors.Add(FieldError.Required(refPath.Child("name")));
                else errors.Name(NameFormats.IsDns1123Subdomain(refName), refPath.Child("name"), refName);
                var key = errors.String(keyRef, "key", refPath) ?? "";
                if (key.Length == 0) errors.Add(FieldError.Required(refPath.Child("key")));
                else errors.Name(NameFormats.IsConfigMapKey(key), refPath.Child("key"), key);
            }
            if (sources == 0)
                errors.Add(FieldError.Invalid(fromPath, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
            else if (value.Length != 0)
                errors.Add(FieldError.Invalid(fromPath, "", "may not be specified when `value` is not empty"));
            else if (sources > 1)
                errors.Add(FieldError.Invalid(fromPath, "", "may not have more than one field specified at a time"));
        }
    }

    public static void ValidateEnvFrom(JsonObject container, string path, ErrorList errors)
    {
        foreach (var (source, sourcePath) in errors.Objects(container, "envFrom", path))
        {
            var prefix = errors.String(source, "prefix", sourcePath) ?? "";
            if (prefix.Length > 0) errors.Name(NameFormats.IsEnvVarName(prefix), sourcePath.Child("prefix"), prefix);
            var count = 0;
            foreach (var kind in (string[])["configMapRef", "secretRef"])
            {
                if (errors.Object(source, kind, sourcePath) is not { } reference) continue;
                count++;
                var refName = errors.String(reference, "name", sourcePath.Child(kind)) ?? "";
                if (refName.Length == 0) errors.Add(FieldError.Required(sourcePath.Child(kind, "name")));
                else errors.Name(NameFormats.IsDns1123Subdomain(refName), sourcePath.Child(kind, "name"), refName);
            }
            if (count == 0) errors.Add(FieldError.Invalid(sourcePath, "", "must specify one of: `configMapRef` or `secretRef`"));
            else if (count > 1) errors.Add(FieldError.Invalid(sourcePath, "", "may not have more than one field specified at a time"));
        }
    }

    private static bool IsPodFieldPath(string fieldPath)
    {
        if (fieldPath.StartsWith("metadata.labels['", StringComparison.Ordinal) || fieldPath.StartsWith("metadata.annotations['", StringComparison.Ordinal))
            return fieldPath.EndsWith("']", StringComparison.Ordinal);
        return PodFieldPaths.Contains(fieldPath);
    }
}
