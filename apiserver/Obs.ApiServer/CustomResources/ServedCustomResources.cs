using Obs.Api.Resources;
using Obs.Api.Schema;

namespace Obs.ApiServer.CustomResources;

/// <summary>
/// The custom resources served at one moment: looked up by path and by kind after the compiled-in
/// resources miss, and listed by discovery. Built whole from the definitions and swapped, never changed.
/// </summary>
public sealed class ServedCustomResources
{
    public static readonly ServedCustomResources Empty = new([]);

    private readonly Dictionary<(string Group, string Version, string Plural), ResourceType> _byPath = [];
    private readonly Dictionary<(string ApiVersion, string Kind), ResourceType> _byKind = [];

    /// <param name="types">Every served version of every accepted definition, each group's versions by priority.</param>
    public ServedCustomResources(IReadOnlyList<ResourceType> types)
    {
        All = types;
        _openApi = new Lazy<OpenApiDocuments>(() => OpenApiDocuments.Default.WithCustom(types));
        foreach (var type in types)
        {
            _byPath.TryAdd((type.Group, type.Version, type.Plural), type);
            _byKind.TryAdd((type.ApiVersion, type.Kind), type);
        }
    }

    /// <summary>In discovery order: by group, each group's versions from the preferred one down.</summary>
    public IReadOnlyList<ResourceType> All { get; }

    /// <summary>
    /// The OpenAPI v3 documents with these resources' group-versions in: built when first asked for, so a definition
    /// change costs nothing until kubectl looks; an unchanged document keeps its hash, and kubectl its cache.
    /// </summary>
    public OpenApiDocuments OpenApi => _openApi.Value;

    private readonly Lazy<OpenApiDocuments> _openApi;

    public ResourceType? Find(string group, string version, string plural) => _byPath.GetValueOrDefault((group, version, plural));

    public ResourceType? FindByKind(string apiVersion, string kind) => _byKind.GetValueOrDefault((apiVersion, kind));
}
