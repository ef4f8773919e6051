using Obs.Api.Resources;
using Obs.ApiServer.CustomResources;

namespace Obs.ApiServer.Http;

/// <summary>What a resource request is about, parsed from its path and query.</summary>
public sealed record RequestInfo(
    ResourceType Type,
    string? Namespace,
    string? Name,
    string? Subresource)
{
    /// <summary>
    /// The resource at the version the path names; <see cref="Type"/> is the version it is stored
    /// in. They differ only for older versions served by conversion (autoscaling/v1 HPAs).
    /// </summary>
    public ResourceType Served { get; init; } = Type;

    /// <summary><c>get</c>, <c>list</c>, <c>watch</c>, <c>create</c>, <c>update</c>, <c>patch</c>, <c>delete</c> or <c>deletecollection</c>.</summary>
    public string Verb { get; init; } = "";

    /// <summary>
    /// Parses <c>/api/v1/...</c> and <c>/apis/{group}/{version}/...</c> resource paths.
    /// Returns null when the path names no served resource. The compiled-in resources are looked up first;
    /// <paramref name="custom"/>, the resources CustomResourceDefinitions add, only when they miss.
    /// </summary>
    public static RequestInfo? Parse(string path, string method, bool watch, ServedCustomResources? custom = null)
    {
        // A control character can never be part of a name, and PostgreSQL text cannot hold NUL.
        if (path.Any(char.IsControl)) return null;
        var parts = path.Trim('/').Split('/');
        string group, version;
        int i;
        if (parts.Length >= 3 && parts[0] == "api") { group = ""; version = parts[1]; i = 2; }
        else if (parts.Length >= 4 && parts[0] == "apis") { group = parts[1]; version = parts[2]; i = 3; }
        else return null;

        // The old /watch/ prefix: /api/v1/watch/namespaces/x/pods
        if (parts[i] == "watch") { watch = true; i++; if (i >= parts.Length) return null; }

        string? ns = null;
        if (parts[i] == "namespaces" && parts.Length > i + 2 && Find(group, version, parts[i + 2], custom) is not null)
        {
            ns = parts[i + 1];
            i += 2;
        }
        var served = Find(group, version, parts[i], custom);
        if (served is null) return null;
        var type = served.Storage;
        var name = parts.Length > i + 1 ? parts[i + 1] : null;
        var sub = parts.Length > i + 2 ? parts[i + 2] : null;
        // Only proxy carries a path of its own after the subresource: .../pods/web:8000/proxy/any/path.
        if (parts.Length > i + 3 && sub != "proxy") return null;
        if (sub is not null && !type.HasSubresource(sub)) return null;
        if (name is not null && name.Length == 0) return null;
        if (!type.Namespaced && ns is not null) return null;

        var verb = method switch
        {
            "GET" or "HEAD" => watch ? "watch" : name is null ? "list" : "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => name is null ? "deletecollection" : "delete",
            _ => method.ToLowerInvariant(),
        };
        return new RequestInfo(type, ns, name, sub) { Verb = verb, Served = served };
    }

    private static ResourceType? Find(string group, string version, string plural, ServedCustomResources? custom) =>
        ResourceTypes.Find(group, version, plural) ?? custom?.Find(group, version, plural);
}
