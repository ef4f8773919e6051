using System.Text.Json.Nodes;
using Obs.Api.Errors;
using Obs.Api.Objects;
using Obs.Api.Printing;
using Obs.Api.Resources;

namespace Obs.Api.CustomResources;

/// <summary>Reads a stored CustomResourceDefinition into the resources it serves, one per served version.</summary>
public static class CustomResourceDefinitions
{
    /// <summary>Holds a definition being deleted until its objects are gone.</summary>
    public const string CleanupFinalizer = "customresourcecleanup.apiextensions.k8s.io";

    /// <summary>
    /// The served versions' resources, highest-priority version first. Each names the storage version's
    /// resource as <see cref="ResourceType.StoredAs"/> unless it is that version; objects of every version are
    /// stored as the storage version, and with conversion None only their apiVersion differs.
    /// </summary>
    public static IReadOnlyList<ResourceType> ServedTypes(JsonObject crd)
    {
        var group = crd.StringAt("spec", "group") ?? "";
        var names = crd.At("spec", "names");
        var kind = names.StringAt("kind") ?? "";
        var plural = names.StringAt("plural") ?? "";
        var singular = names.StringAt("singular") is { Length: > 0 } s ? s : kind.ToLowerInvariant();
        var shortNames = Strings(names?["shortNames"]);
        var categories = Strings(names?["categories"]);
        var listKind = names.StringAt("listKind") is { Length: > 0 } l ? l : kind + "List";
        var namespaced = crd.StringAt("spec", "scope") != "Cluster";
        var terminating = ObjectMeta.DeletionTimestamp(crd) is not null;
        var versions = (crd.At("spec", "versions") as JsonArray ?? []).OfType<JsonObject>().ToList();

        ResourceType Build(JsonObject version) =>
            new(group, version.StringAt("name") ?? "", kind, plural, singular, namespaced, shortNames, categories, Subresources(version))
            {
                ListKind = listKind,
                Custom = Custom(crd.StringAt("metadata", "name") ?? "", version, terminating, $"{group}/{version.StringAt("name")} {kind} is deprecated"),
            };

        var storageVersion = versions.FirstOrDefault(v => v.BoolAt("storage") == true);
        if (storageVersion is null) return [];
        var storage = Build(storageVersion);
        var served = new List<ResourceType>();
        foreach (var version in versions.Where(v => v.BoolAt("served") == true))
            served.Add(version == storageVersion ? storage : Build(version) with { StoredAs = storage });
        served.Sort((a, b) => VersionPriority.Compare(a.Version, b.Version));
        return served;
    }

    private static string[] Subresources(JsonObject version)
    {
        var subresources = new List<string>();
        if (version.At("subresources", "status") is JsonObject) subresources.Add("status");
        if (version.At("subresources", "scale") is JsonObject) subresources.Add("scale");
        return [.. subresources];
    }

    private static CustomResource Custom(string definitionName, JsonObject version, bool terminating, string defaultDeprecation)
    {
        var schema = version.At("schema", "openAPIV3Schema") is { } node ? StructuralSchema.Parse(node, "", new List<FieldError>()) : StructuralSchema.PreserveAll;
        return new CustomResource
        {
            DefinitionName = definitionName,
            Schema = schema,
            OpenApiV3Schema = version.At("schema", "openAPIV3Schema")?.DeepClone() as JsonObject,
            MergeSchema = StructuralMergeSchema.ForObject(schema),
            Printer = CustomResourceTable.For(Columns(version)),
            HasStatus = version.At("subresources", "status") is JsonObject,
            Scale = Scale(version.At("subresources", "scale") as JsonObject),
            Terminating = terminating,
            DeprecationWarning = version.BoolAt("deprecated") == true ? version.StringAt("deprecationWarning") ?? defaultDeprecation : null,
        };
    }

    private static List<PrinterColumn> Columns(JsonObject version)
    {
        var columns = new List<PrinterColumn>();
        foreach (var column in (version["additionalPrinterColumns"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var jsonPath = column.StringAt("jsonPath") ?? "";
            if (!ColumnJsonPath.TryParse(jsonPath, out var path)) continue;
            columns.Add(new PrinterColumn(column.StringAt("name") ?? "", column.StringAt("type") ?? "string", column.StringAt("format") ?? "",
                column.StringAt("description") ?? "", (int)(column.LongAt("priority") ?? 0), path!, jsonPath.Trim() == ".metadata.creationTimestamp"));
        }
        return columns;
    }

    private static CustomScale? Scale(JsonObject? scale)
    {
        if (scale is null) return null;
        var spec = scale.StringAt("specReplicasPath") ?? "";
        if (!ColumnJsonPath.TryParse(spec, out var specPath) || !ColumnJsonPath.TryParse(scale.StringAt("statusReplicasPath") ?? "", out var statusPath)) return null;
        ColumnJsonPath? selector = null;
        if (scale.StringAt("labelSelectorPath") is { } selectorText) ColumnJsonPath.TryParse(selectorText, out selector);
        return new CustomScale(specPath!, spec, statusPath!, selector);
    }

    private static string[] Strings(JsonNode? node) =>
        node is JsonArray a ? a.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToArray() : [];
}
