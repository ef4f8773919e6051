using System.Text;
using Obs.Api.Resources;

namespace Obs.Client.Rest;

/// <summary>Builds REST paths and query strings: <c>/apis/apps/v1/namespaces/ns/deployments/name/scale?…</c>.</summary>
internal sealed class ResourcePath
{
    private readonly StringBuilder _path = new();
    private readonly List<string> _query = [];

    private ResourcePath(ResourceType type, string? @namespace)
    {
        _path.Append(type.Group.Length == 0 ? "/api/" + type.Version : $"/apis/{type.Group}/{type.Version}");
        if (type.Namespaced && !string.IsNullOrEmpty(@namespace)) _path.Append("/namespaces/").Append(Uri.EscapeDataString(@namespace));
        _path.Append('/').Append(type.Plural);
    }

    public static ResourcePath Collection(ResourceType type, string? @namespace) => new(type, @namespace);

    public static ResourcePath Item(ResourceType type, string? @namespace, string name, string? subresource = null)
    {
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("an object needs a name", nameof(name));
        if (type.Namespaced && string.IsNullOrEmpty(@namespace)) throw new ArgumentException($"{type.GroupResource} are namespaced: a namespace is needed", nameof(@namespace));
        var path = new ResourcePath(type, @namespace);
        path._path.Append('/').Append(Uri.EscapeDataString(name));
        if (subresource is not null) path._path.Append('/').Append(subresource);
        return path;
    }

    public ResourcePath Query(string name, string? value)
    {
        if (!string.IsNullOrEmpty(value)) _query.Add(name + "=" + Uri.EscapeDataString(value));
        return this;
    }

    public ResourcePath Query(string name, long? value) => value is { } v ? Query(name, v.ToString(System.Globalization.CultureInfo.InvariantCulture)) : this;

    public ResourcePath Query(string name, bool value) => value ? Query(name, "true") : this;

    public ResourcePath Write(WriteOptions? options)
    {
        if (options is null) return this;
        if (options.DryRun) Query("dryRun", "All");
        Query("fieldManager", options.FieldManager);
        Query("fieldValidation", options.FieldValidation);
        return this;
    }

    public override string ToString() => _query.Count == 0 ? _path.ToString() : _path + "?" + string.Join('&', _query);
}
