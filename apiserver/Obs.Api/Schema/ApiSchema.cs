using Obs.Api.Objects;
using Obs.Api.Resources;

namespace Obs.Api.Schema;

/// <summary>
/// The types of every served resource: field names and types for strict decoding, protobuf
/// numbers for protobuf request bodies, merge facts for patch and apply, and the source of the
/// OpenAPI documents.
/// </summary>
public sealed class ApiSchema
{
    private readonly Dictionary<string, SchemaType> _byQualifiedName;
    private readonly Dictionary<(string ApiVersion, string Kind), SchemaType> _kinds;

    private ApiSchema(IReadOnlyList<SchemaType> types)
    {
        Types = types;
        _byQualifiedName = types.ToDictionary(t => $"{t.Package.Alias}.{t.Name}", StringComparer.Ordinal);
        _kinds = types.Where(t => t.IsKind).ToDictionary(t => (t.Package.ApiVersion, t.Name));
    }

    /// <summary>The schema of the types Obs serves.</summary>
    public static ApiSchema Default { get; } = new(SchemaParser.Parse(
        MetaSchemaText.Text, CoreSchemaText.Text, AppsBatchSchemaText.Text, OtherGroupsSchemaText.Text, PolicySchemaText.Text,
        ApiExtensionsSchemaText.Text, EventsSchemaText.Text, AdmissionRegistrationSchemaText.Text));

    public IReadOnlyList<SchemaType> Types { get; }

    /// <summary>A type by package alias and name, e.g. <c>core.PodSpec</c> or <c>meta.ObjectMeta</c>.</summary>
    public SchemaType? Find(string qualifiedName) => _byQualifiedName.GetValueOrDefault(qualifiedName);

    /// <summary>The top-level type for an apiVersion and kind (<c>v1</c>/<c>DeleteOptions</c>, <c>autoscaling/v1</c>/<c>Scale</c>, ...).</summary>
    public SchemaType? ForKind(string apiVersion, string kind)
    {
        if (_kinds.TryGetValue((apiVersion, kind), out var type)) return type;
        // DeleteOptions and Status are accepted under meta.k8s.io/v1 and any group's version as well.
        return kind is "DeleteOptions" or "Status" ? _kinds.GetValueOrDefault(("v1", kind)) : null;
    }

    /// <summary>The type of a resource's objects.</summary>
    public SchemaType ForResource(ResourceType resource) =>
        ForKind(resource.ApiVersion, resource.Kind) ?? throw new KeyNotFoundException($"no schema for {resource.GroupKind}");

    /// <summary>The merge facts of a resource's objects, rooted at the object (a custom resource's come from its schema).</summary>
    public IMergeSchema MergeSchemaFor(ResourceType resource) => resource.Custom?.MergeSchema ?? MergeSchemaFor(ForResource(resource));

    public static IMergeSchema MergeSchemaFor(SchemaType type) => new SchemaMergeNode(new SchemaTypeRef(SchemaTypeKind.Object) { Object = type }, null);
}
