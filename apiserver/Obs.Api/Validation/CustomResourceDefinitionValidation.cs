using System.Text.Json.Nodes;
using Obs.Api.CustomResources;
using Obs.Api.Errors;
using Obs.Api.Objects;
using Obs.Api.Printing;

namespace Obs.Api.Validation;

/// <summary>
/// A CustomResourceDefinition's rules, as apiextensions-apiserver validates v1 definitions: the name is
/// <c>&lt;plural&gt;.&lt;group&gt;</c>, the names are DNS labels, the scope is Namespaced or Cluster, and the
/// versions are unique, exactly one of them stored, each with a structural schema and readable printer columns.
/// </summary>
internal static class CustomResourceDefinitionValidation
{
    private static readonly string[] ColumnTypes = ["integer", "number", "string", "boolean", "date"];

    public static void Validate(JsonObject crd, ErrorList errors)
    {
        var spec = errors.Object(crd, "spec", "") ?? [];
        const string path = "spec";
        var group = errors.String(spec, "group", path);
        if (string.IsNullOrEmpty(group)) errors.Add(FieldError.Required(path.Child("group")));
        else
        {
            errors.Name(NameFormats.IsDns1123Subdomain(group), path.Child("group"), group);
            if (!group.Contains('.')) errors.Add(FieldError.Invalid(path.Child("group"), group, "should be a domain with at least one dot"));
        }
        var scope = errors.String(spec, "scope", path);
        if (string.IsNullOrEmpty(scope)) errors.Add(FieldError.Required(path.Child("scope")));
        else if (scope is not ("Namespaced" or "Cluster")) errors.Add(FieldError.NotSupported(path.Child("scope"), scope, ["Cluster", "Namespaced"]));

        var plural = ValidateNames(errors.Object(spec, "names", path), path.Child("names"), errors);
        var name = crd.StringAt("metadata", "name");
        if (plural is not null && group is not null && name != $"{plural}.{group}")
            errors.Add(FieldError.Invalid("metadata.name", name, "must be spec.names.plural+\".\"+spec.group"));

        ValidateVersions(errors.Array(spec, "versions", path), path.Child("versions"), errors);
        if (errors.Bool(spec, "preserveUnknownFields", path) == true)
            errors.Add(FieldError.Invalid(path.Child("preserveUnknownFields"), true, "must be false"));
        if (errors.Object(spec, "conversion", path) is { } conversion)
            errors.OneOf(conversion, "strategy", path.Child("conversion"), "None");
    }

    /// <summary>The group, names and scope stay as created: the stored objects are keyed and shaped by them.</summary>
    public static void ValidateUpdate(JsonObject crd, JsonObject old, ErrorList errors)
    {
        foreach (var field in new[] { "group", "scope" })
        {
            var now = crd.StringAt("spec", field);
            if (now != old.StringAt("spec", field)) errors.Add(FieldError.Invalid($"spec.{field}", now, "field is immutable"));
        }
    }

    /// <summary>Checks spec.names; returns the plural when it is usable.</summary>
    private static string? ValidateNames(JsonObject? names, string path, ErrorList errors)
    {
        if (names is null)
        {
            errors.Add(FieldError.Required(path));
            return null;
        }
        var plural = Label(names, "plural", path, errors, required: true);
        Label(names, "singular", path, errors, required: false);
        var kind = errors.String(names, "kind", path);
        if (string.IsNullOrEmpty(kind)) errors.Add(FieldError.Required(path.Child("kind")));
        else errors.Name(NameFormats.IsDns1123Label(kind.ToLowerInvariant()), path.Child("kind"), kind);
        var listKind = errors.String(names, "listKind", path);
        if (listKind is not null)
        {
            if (listKind.Length == 0) errors.Add(FieldError.Required(path.Child("listKind")));
            else if (listKind == kind) errors.Add(FieldError.Invalid(path.Child("listKind"), listKind, "kind and listKind may not be the same"));
            else errors.Name(NameFormats.IsDns1123Label(listKind.ToLowerInvariant()), path.Child("listKind"), listKind);
        }
        var shortNames = errors.Strings(names, "shortNames", path);
        for (var i = 0; i < shortNames.Count; i++) errors.Name(NameFormats.IsDns1123Label(shortNames[i]), path.Child("shortNames").Index(i), shortNames[i]);
        var categories = errors.Strings(names, "categories", path);
        for (var i = 0; i < categories.Count; i++) errors.Name(NameFormats.IsDns1123Label(categories[i]), path.Child("categories").Index(i), categories[i]);
        return string.IsNullOrEmpty(plural) ? null : plural;
    }

    private static string? Label(JsonObject names, string field, string path, ErrorList errors, bool required)
    {
        var value = errors.String(names, field, path);
        if (string.IsNullOrEmpty(value))
        {
            if (required) errors.Add(FieldError.Required(path.Child(field)));
            return value;
        }
        errors.Name(NameFormats.IsDns1123Label(value), path.Child(field), value);
        return value;
    }

    private static void ValidateVersions(JsonArray? versions, string path, ErrorList errors)
    {
        if (versions is null || versions.Count == 0)
        {
            errors.Add(FieldError.Required(path, "must have exactly one version marked as storage version"));
            return;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var sharedSchema = SharedSchema(versions);
        if (sharedSchema is not null) StructuralSchema.Parse(sharedSchema, "spec.validation.openAPIV3Schema", errors);
        var storage = 0;
        var served = 0;
        for (var i = 0; i < versions.Count; i++)
        {
            var versionPath = path.Index(i);
            if (versions[i] is not JsonObject version)
            {
                errors.Add(FieldError.Invalid(versionPath, versions[i]?.ToJsonString(), "must be an object"));
                continue;
            }
            var name = errors.String(version, "name", versionPath);
            if (string.IsNullOrEmpty(name)) errors.Add(FieldError.Required(versionPath.Child("name")));
            else
            {
                errors.Name(NameFormats.IsDns1035Label(name), versionPath.Child("name"), name);
                if (!seen.Add(name)) errors.Add(FieldError.Duplicate(versionPath.Child("name"), name));
            }
            if (errors.Bool(version, "storage", versionPath) == true) storage++;
            if (errors.Bool(version, "served", versionPath) == true) served++;
            var schemaPath = versionPath.Child("schema", "openAPIV3Schema");
            if (version.At("schema", "openAPIV3Schema") is not { } schema) errors.Add(FieldError.Required(schemaPath, "schemas are required"));
            else if (sharedSchema is null) StructuralSchema.Parse(schema, schemaPath, errors);
            ValidateColumns(errors.Objects(version, "additionalPrinterColumns", versionPath), errors);
            if (version.At("subresources", "scale") is JsonObject scale) ValidateScale(scale, versionPath.Child("subresources", "scale"), errors);
        }
        if (storage != 1) errors.Add(FieldError.Invalid(path, storage, "must have exactly one version marked as storage version"));
        if (served == 0) errors.Add(FieldError.Invalid(path, served, "must have at least one version marked as served"));
    }

    /// <summary>
    /// The schema every version has, when they all have the same one. Kubernetes holds such a definition with
    /// one top-level <c>spec.validation</c> internally and names that in its errors; versions that differ are
    /// named each at <c>spec.versions[i].schema</c>.
    /// </summary>
    private static JsonNode? SharedSchema(JsonArray versions)
    {
        var schemas = versions.Select(v => (v as JsonObject)?.At("schema", "openAPIV3Schema")).ToList();
        if (schemas.Count == 0 || schemas[0] is null) return null;
        return schemas.All(s => s is not null && JsonNode.DeepEquals(s, schemas[0])) ? schemas[0] : null;
    }

    private static void ValidateColumns(List<(JsonObject Item, string Path)> columns, ErrorList errors)
    {
        foreach (var (column, columnPath) in columns)
        {
            if (string.IsNullOrEmpty(errors.String(column, "name", columnPath))) errors.Add(FieldError.Required(columnPath.Child("name")));
            var type = errors.String(column, "type", columnPath);
            if (string.IsNullOrEmpty(type)) errors.Add(FieldError.Required(columnPath.Child("type")));
            else if (!ColumnTypes.Contains(type)) errors.Add(FieldError.NotSupported(columnPath.Child("type"), type, ColumnTypes));
            var jsonPath = errors.String(column, "jsonPath", columnPath);
            if (string.IsNullOrEmpty(jsonPath)) errors.Add(FieldError.Required(columnPath.Child("jsonPath")));
            else if (!ColumnJsonPath.TryParse(jsonPath, out _))
                errors.Add(FieldError.Invalid(columnPath.Child("jsonPath"), jsonPath, "must be a simple json path starting with ."));
        }
    }

    private static void ValidateScale(JsonObject scale, string path, ErrorList errors)
    {
        foreach (var (field, prefix) in new[] { ("specReplicasPath", ".spec."), ("statusReplicasPath", ".status.") })
        {
            var value = errors.String(scale, field, path);
            if (string.IsNullOrEmpty(value)) errors.Add(FieldError.Required(path.Child(field)));
            // Kubernetes takes only a dotted path here (no indexes or filters): /scale writes the replicas through it.
            else if (!value.StartsWith(prefix, StringComparison.Ordinal) || value.Contains('[') || !ColumnJsonPath.TryParse(value, out _))
                errors.Add(FieldError.Invalid(path.Child(field), value, $"should be a json path under {prefix[..^1]}"));
        }
    }
}
