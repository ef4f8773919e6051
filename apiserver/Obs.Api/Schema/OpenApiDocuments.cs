using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Obs.Api.Resources;
using Obs.Api.Schema.Descriptions;
using Obs.Api.Serialization;

namespace Obs.Api.Schema;

/// <summary>
/// The OpenAPI v3 documents kubectl reads for <c>explain</c>, client-side apply and to learn that
/// the server validates fields: an index at <c>/openapi/v3</c> and one document per group-version.
/// Built once from the schema, and again with the custom resources whenever the served definitions
/// change; each document's hash goes into the index URL, so kubectl's disk cache (keyed by that URL)
/// refreshes exactly when a document changes.
/// </summary>
public sealed class OpenApiDocuments
{
    private readonly Dictionary<string, OpenApiDocument> _byPath;
    private readonly byte[] _index;
    private readonly ApiSchema _schema;
    private readonly SchemaDescriptions _descriptions;
    private readonly List<OpenApiDocument> _custom = [];
    private readonly IReadOnlyList<ResourceType> _resources;
    private readonly Lazy<OpenApiV2Document> _v2;

    public OpenApiDocuments(ApiSchema schema, SchemaDescriptions descriptions, IEnumerable<ResourceType> resources)
        : this(schema, descriptions, [], resources)
    {
    }

    private OpenApiDocuments(ApiSchema schema, SchemaDescriptions descriptions, IEnumerable<OpenApiDocument> kept, IEnumerable<ResourceType> resources)
    {
        _schema = schema;
        _descriptions = descriptions;
        _resources = [.. resources];
        _byPath = kept.ToDictionary(d => d.Path, StringComparer.Ordinal);
        foreach (var group in _resources.GroupBy(r => r.ApiVersion))
        {
            var path = PathFor(group.Key);
            var json = Build(schema, descriptions, group.ToList());
            var document = new OpenApiDocument(path, json, Convert.ToHexString(SHA512.HashData(json)));
            _byPath[path] = document;
            if (group.Any(r => r.Custom is not null)) _custom.Add(document);
        }
        _v2 = new Lazy<OpenApiV2Document>(() => OpenApiV2Document.From(_custom));
        var index = new JsonObject();
        foreach (var document in _byPath.Values)
            index[document.Path] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{document.Path}?hash={document.Hash}" };
        _index = JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["paths"] = index }, BuiltInJson.Default.JsonNode);
    }

    /// <summary>
    /// These documents and one per group-version of <paramref name="custom"/>, the served versions of the
    /// established CustomResourceDefinitions; the documents of the compiled-in resources are kept as they are.
    /// Called on the compiled-in documents (<see cref="Default"/>), whose resources a shared group-version needs.
    /// </summary>
    public OpenApiDocuments WithCustom(IReadOnlyList<ResourceType> custom)
    {
        if (custom.Count == 0) return this;
        // A definition in a group-version that compiled-in resources serve too shares their document.
        var versions = custom.Select(c => c.ApiVersion).ToHashSet(StringComparer.Ordinal);
        return new OpenApiDocuments(_schema, _descriptions, _byPath.Values, [.. _resources.Where(r => versions.Contains(r.ApiVersion)), .. custom]);
    }

    /// <summary>The documents for every served resource.</summary>
    public static OpenApiDocuments Default => LazyDefault.Value;

    private static readonly Lazy<OpenApiDocuments> LazyDefault = new(() => new OpenApiDocuments(ApiSchema.Default, SchemaDescriptions.Default, ResourceTypes.Served));

    /// <summary>
    /// <c>/openapi/v2</c>: the custom resources' definitions only. kubectl reads v2 just for a group-version v3 lacks, and
    /// every served one is in v3; v2 readers other than kubectl find the custom kinds as Kubernetes publishes them.
    /// </summary>
    public OpenApiV2Document V2 => _v2.Value;

    /// <summary>The body of <c>GET /openapi/v3</c>.</summary>
    public byte[] Index() => _index;

    public IReadOnlyCollection<OpenApiDocument> All => _byPath.Values;

    /// <summary>
    /// The document for <c>v1</c>, <c>apps/v1</c>, <c>api/v1</c> or <c>apis/apps/v1</c> (the part of
    /// <c>/openapi/v3/...</c> after the prefix); null when no resource is served there.
    /// </summary>
    public OpenApiDocument? ForGroupVersion(string groupVersion)
    {
        var key = groupVersion.Trim('/');
        if (_byPath.TryGetValue(key, out var document)) return document;
        return _byPath.GetValueOrDefault(PathFor(key));
    }

    /// <summary><c>api/v1</c> for the core group, <c>apis/{group}/{version}</c> otherwise.</summary>
    public static string PathFor(string apiVersion) => apiVersion.Contains('/') ? $"apis/{apiVersion}" : $"api/{apiVersion}";

    private static byte[] Build(ApiSchema schema, SchemaDescriptions descriptions, IReadOnlyList<ResourceType> resources)
    {
        var paths = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        var roots = new List<SchemaType>();
        var components = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        var lists = new List<(ResourceType Resource, string ObjectName, string ListName)>();
        foreach (var resource in resources)
        {
            string objectName, prefix;
            if (resource.Custom is not null)
            {
                prefix = CustomResourceSchemaWriter.Prefix(resource);
                objectName = $"{prefix}.{resource.Kind}";
                components[objectName] = CustomResourceSchemaWriter.ForObject(resource, descriptions);
                roots.Add(schema.Find("meta.ObjectMeta")!);
            }
            else
            {
                var type = schema.ForResource(resource);
                roots.Add(type);
                prefix = type.Package.OpenApiPrefix;
                objectName = type.OpenApiName;
            }
            var listName = $"{prefix}.{resource.ListKind}";
            lists.Add((resource, objectName, listName));
            foreach (var (path, item) in OpenApiPathWriter.For(resource, objectName, listName)) paths[path] = item;
        }
        roots.Add(schema.ForKind("v1", "DeleteOptions")!);
        roots.Add(schema.ForKind("v1", "Status")!);
        roots.Add(schema.Find("meta.ListMeta")!);

        var pending = new Queue<SchemaType>(roots);
        var seen = new HashSet<SchemaType>();
        var builtins = new SortedSet<string>(StringComparer.Ordinal);
        var served = resources.Select(r => r.ApiVersion).First();
        while (pending.TryDequeue(out var type))
        {
            if (!seen.Add(type)) continue;
            components[type.OpenApiName] = OpenApiSchemaWriter.ForType(type, descriptions, KindsOf(type, served));
            foreach (var field in type.Fields.Values)
            {
                foreach (var name in OpenApiSchemaWriter.References(field.Type))
                {
                    if (OpenApiSchemaWriter.Builtin(name) is not null) builtins.Add(name);
                }
                foreach (var nested in NamedTypes(field.Type)) pending.Enqueue(nested);
            }
        }
        foreach (var name in builtins) components[name] = OpenApiSchemaWriter.Builtin(name)!;
        foreach (var (resource, objectName, listName) in lists) components[listName] = ListSchema(resource, objectName);
        components[OpenApiPathWriter.PatchSchemaName] = new JsonObject { ["description"] = "A patch of any supported type.", ["type"] = "object" };

        var document = new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0" },
            ["paths"] = ToObject(paths),
            ["components"] = new JsonObject { ["schemas"] = ToObject(components) },
        };
        return JsonSerializer.SerializeToUtf8Bytes(document, BuiltInJson.Default.JsonNode);
    }

    private static IReadOnlyList<(string, string, string)> KindsOf(SchemaType type, string servedApiVersion)
    {
        if (!type.IsKind) return [];
        if (type.Name is "DeleteOptions" or "Status")
        {
            // Accepted in every group-version; list the core one and the one this document serves.
            var kinds = new List<(string, string, string)> { ("", "v1", type.Name) };
            var served = new SchemaPackage("", "", servedApiVersion);
            if (servedApiVersion != "v1") kinds.Add((served.Group, served.Version, type.Name));
            return kinds;
        }
        return [(type.Package.Group, type.Package.Version, type.Name)];
    }

    private static IEnumerable<SchemaType> NamedTypes(SchemaTypeRef type) => type.Kind switch
    {
        SchemaTypeKind.Object => [type.Object!],
        SchemaTypeKind.Array or SchemaTypeKind.Map => NamedTypes(type.Element!),
        _ => [],
    };

    private static JsonObject ListSchema(ResourceType resource, string objectName) => new()
    {
        ["description"] = $"{resource.ListKind} is a list of {resource.Kind}.",
        ["type"] = "object",
        ["required"] = new JsonArray("items"),
        ["properties"] = new JsonObject
        {
            ["apiVersion"] = new JsonObject { ["type"] = "string" },
            ["items"] = new JsonObject { ["type"] = "array", ["items"] = OpenApiSchemaWriter.Ref(objectName) },
            ["kind"] = new JsonObject { ["type"] = "string" },
            ["metadata"] = OpenApiSchemaWriter.Ref("io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta"),
        },
        ["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject
        {
            ["group"] = resource.Group, ["kind"] = resource.ListKind, ["version"] = resource.Version,
        }),
    };

    private static JsonObject ToObject(SortedDictionary<string, JsonObject> entries)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in entries) obj[key] = value;
        return obj;
    }
}
