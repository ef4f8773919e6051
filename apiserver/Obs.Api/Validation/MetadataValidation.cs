using System.Text.Json.Nodes;
using Obs.Api.Errors;
using Obs.Api.Objects;

namespace Obs.Api.Validation;

/// <summary>
/// Kubernetes' rules for <c>metadata</c> (<c>ValidateObjectMeta</c>, <c>ValidateObjectMetaUpdate</c>) and for
/// labels and annotations wherever they appear (pod templates, node selectors).
/// </summary>
public static class MetadataValidation
{
    public const int TotalAnnotationSizeLimit = 256 * 1024;
    public const string ImmutableMessage = "field is immutable";

    /// <summary>
    /// Checks name (required unless generateName), namespace (required for namespaced resources, forbidden
    /// otherwise), generation, labels, annotations, ownerReferences and finalizers.
    /// </summary>
    public static IReadOnlyList<FieldError> Validate(JsonNode? metadata, bool namespaced, Func<string, bool, IReadOnlyList<string>> nameRule, string path = "metadata")
    {
        var errors = new ErrorList();
        Validate(metadata, namespaced, nameRule, path, errors);
        return errors;
    }

    internal static void Validate(JsonNode? metadata, bool namespaced, Func<string, bool, IReadOnlyList<string>> nameRule, string path, ErrorList errors)
    {
        var meta = metadata as JsonObject;
        if (metadata is not null && meta is null)
        {
            errors.AddType(path, metadata, "object");
            return;
        }
        var generateName = errors.String(meta, "generateName", path) ?? "";
        if (generateName.Length > 0)
        {
            foreach (var message in nameRule(generateName, true))
                errors.Add(FieldError.Invalid(path.Child("generateName"), generateName, message));
        }
        var name = errors.String(meta, "name", path) ?? "";
        if (name.Length == 0) errors.Add(FieldError.Required(path.Child("name"), "name or generateName is required"));
        else
        {
            foreach (var message in nameRule(name, false))
                errors.Add(FieldError.Invalid(path.Child("name"), name, message));
        }
        var ns = errors.String(meta, "namespace", path) ?? "";
        if (namespaced)
        {
            if (ns.Length == 0) errors.Add(FieldError.Required(path.Child("namespace")));
            else
            {
                foreach (var message in NameValidators.DnsLabel(ns, false))
                    errors.Add(FieldError.Invalid(path.Child("namespace"), ns, message));
            }
        }
        else if (ns.Length > 0)
        {
            errors.Add(FieldError.Forbidden(path.Child("namespace"), "not allowed on this type"));
        }
        if (errors.Long(meta, "generation", path) is < 0 and var generation)
            errors.Add(FieldError.Invalid(path.Child("generation"), generation, "must be greater than or equal to 0"));
        ValidateLabels(meta, "labels", path, errors);
        ValidateAnnotations(meta, "annotations", path, errors);
        ValidateOwnerReferences(meta, path, errors);
        ValidateFinalizers(errors.Strings(meta, "finalizers", path), path.Child("finalizers"), errors);
    }

    /// <summary>The update rules: name, namespace, uid and creationTimestamp cannot change; no finalizer may be added once deletion began.</summary>
    public static IReadOnlyList<FieldError> ValidateUpdate(JsonNode? newMetadata, JsonNode? oldMetadata, string path = "metadata")
    {
        var errors = new ErrorList();
        ValidateUpdate(newMetadata, oldMetadata, path, errors);
        return errors;
    }

    internal static void ValidateUpdate(JsonNode? newMetadata, JsonNode? oldMetadata, string path, ErrorList errors)
    {
        foreach (var field in (string[])["name", "namespace", "uid", "creationTimestamp"])
        {
            var now = JsonValues.String(newMetadata.At(field)) ?? "";
            var before = JsonValues.String(oldMetadata.At(field)) ?? "";
            if (now != before) errors.Add(FieldError.Invalid(path.Child(field), now, ImmutableMessage));
        }
        if (JsonValues.String(oldMetadata.At("deletionTimestamp")) is not null)
        {
            var oldFinalizers = (oldMetadata.At("finalizers") as JsonArray)?.Select(JsonValues.String).ToHashSet() ?? [];
            var added = (newMetadata.At("finalizers") as JsonArray)?.Select(JsonValues.String).Where(f => f is not null && !oldFinalizers.Contains(f)).Distinct().Order(StringComparer.Ordinal).ToList() ?? [];
            if (added.Count > 0)
            {
                errors.Add(FieldError.Forbidden(path.Child("finalizers"),
                    "no new finalizers can be added if the object is being deleted, found new finalizers []string{" + string.Join(", ", added.Select(a => $"\"{a}\"")) + "}"));
            }
        }
    }

    /// <summary>Label keys are qualified names and values label values; errors point at the map, as Kubernetes' do.</summary>
    public static IReadOnlyList<FieldError> ValidateLabels(JsonNode? labels, string path)
    {
        var errors = new ErrorList();
        ValidateLabelMap(labels, path, errors);
        return errors;
    }

    internal static void ValidateLabels(JsonObject? owner, string name, string parentPath, ErrorList errors) =>
        ValidateLabelMap(owner?[name], parentPath.Child(name), errors);

    internal static void ValidateLabelMap(JsonNode? labels, string path, ErrorList errors)
    {
        foreach (var (key, value) in errors.StringMapOf(labels, path))
        {
            foreach (var message in NameFormats.IsQualifiedName(key))
                errors.Add(FieldError.Invalid(path, key, message));
            foreach (var message in NameFormats.IsValidLabelValue(value))
                errors.Add(FieldError.Invalid(path, value, message));
        }
    }

    internal static void ValidateAnnotations(JsonObject? owner, string name, string parentPath, ErrorList errors)
    {
        var path = parentPath.Child(name);
        var total = 0L;
        foreach (var (key, value) in errors.StringMap(owner, name, parentPath))
        {
            foreach (var message in NameFormats.IsQualifiedName(key.ToLowerInvariant()))
                errors.Add(FieldError.Invalid(path, key, message));
            total += key.Length + value.Length;
        }
        if (total > TotalAnnotationSizeLimit) errors.Add(FieldError.TooLong(path, "", TotalAnnotationSizeLimit));
    }

    private static void ValidateOwnerReferences(JsonObject? meta, string path, ErrorList errors)
    {
        var refsPath = path.Child("ownerReferences");
        string? firstController = null;
        var all = errors.Objects(meta, "ownerReferences", path);
        foreach (var (reference, itemPath) in all)
        {
            var apiVersion = errors.String(reference, "apiVersion", itemPath) ?? "";
            var kind = errors.String(reference, "kind", itemPath) ?? "";
            var name = errors.String(reference, "name", itemPath) ?? "";
            var uid = errors.String(reference, "uid", itemPath) ?? "";
            var slash = apiVersion.IndexOf('/');
            var version = slash >= 0 ? apiVersion[(slash + 1)..] : apiVersion;
            // Kubernetes reports these on the list path, without the index.
            if (version.Length == 0) errors.Add(FieldError.Invalid(refsPath.Child("apiVersion"), apiVersion, "version must not be empty"));
            if (kind.Length == 0) errors.Add(FieldError.Invalid(refsPath.Child("kind"), kind, "must not be empty"));
            if (name.Length == 0) errors.Add(FieldError.Invalid(refsPath.Child("name"), name, "must not be empty"));
            if (uid.Length == 0) errors.Add(FieldError.Invalid(refsPath.Child("uid"), uid, "must not be empty"));
            if (errors.Bool(reference, "controller", itemPath) == true)
            {
                var current = kind + "/" + name;
                if (firstController is null) firstController = current;
                else
                {
                    errors.Add(FieldError.Invalid(refsPath, meta!["ownerReferences"]?.DeepClone(),
                        $"Only one reference can have Controller set to true. Found \"true\" in references for {firstController} and {current}"));
                }
            }
        }
    }

    private static void ValidateFinalizers(List<string> finalizers, string path, ErrorList errors)
    {
        foreach (var finalizer in finalizers)
        {
            foreach (var message in NameFormats.IsQualifiedName(finalizer))
                errors.Add(FieldError.Invalid(path, finalizer, message));
        }
        if (finalizers.Contains("orphan") && finalizers.Contains("foregroundDeletion"))
            errors.Add(FieldError.Invalid(path, new JsonArray([.. finalizers.Select(f => (JsonNode?)JsonValue.Create(f))]), "finalizer orphan and foregroundDeletion cannot be both set"));
    }
}
