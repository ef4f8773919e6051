namespace Obs.ApiServer.Auth.Rbac;

/// <summary>
/// What a request asks to do, in the terms RBAC rules are written in: a verb on a resource (its API
/// group, subresource, namespace and name) or a verb on a non-resource path (<c>/healthz</c>, <c>/metrics</c>).
/// </summary>
public sealed record AccessRequest(string Verb, bool IsResource, string ApiGroup, string Resource, string Subresource, string Namespace, string Name, string Path)
{
    public static AccessRequest ForResource(string verb, string apiGroup, string resource, string subresource = "", string ns = "", string name = "") =>
        new(verb, true, apiGroup, resource, subresource, ns, name, "");

    public static AccessRequest ForPath(string verb, string path) => new(verb, false, "", "", "", "", "", path);

    /// <summary>
    /// The request an HTTP call makes, as Kubernetes' request-info parsing reads it: <c>/api/v1/…</c> and
    /// <c>/apis/GROUP/VERSION/…</c> with a resource after them are resource requests (whether or not the resource
    /// is served: an unknown one is refused before it is found missing); everything else is a path.
    /// </summary>
    public static AccessRequest FromHttp(string path, string method, bool watchQuery)
    {
        var parts = path.Trim('/').Split('/');
        string group;
        int i;
        if (parts.Length >= 3 && parts[0] == "api") (group, i) = ("", 2);
        else if (parts.Length >= 4 && parts[0] == "apis") (group, i) = (parts[1], 3);
        else return ForPath(PathVerb(method), path);

        var watch = watchQuery;
        if (parts[i] == "watch") { watch = true; i++; }
        var ns = "";
        string resource, name = "", subresource = "";
        if (i < parts.Length && parts[i] == "namespaces" && parts.Length > i + 1)
        {
            ns = parts[i + 1];
            if (parts.Length > i + 2) i += 2;
            else
            {
                // /api/v1/namespaces/NAME is the namespace itself, in its own namespace (as Kubernetes reads it).
                return ForResource(ResourceVerb(method, watch, hasName: true), group, "namespaces", "", ns, ns);
            }
        }
        if (i >= parts.Length) return ForPath(PathVerb(method), path);
        resource = parts[i];
        if (parts.Length > i + 1) name = parts[i + 1];
        if (parts.Length > i + 2) subresource = parts[i + 2];
        // The namespace's own subresources (/namespaces/NAME/status, /finalize) read as the namespace's.
        if (resource.Length > 0 && ns.Length > 0 && resource is "status" or "finalize" && name.Length == 0)
            return ForResource(ResourceVerb(method, watch, hasName: true), group, "namespaces", resource, ns, ns);
        return ForResource(ResourceVerb(method, watch, name.Length > 0), group, resource, subresource, ns, name);
    }

    private static string ResourceVerb(string method, bool watch, bool hasName) => method switch
    {
        "GET" or "HEAD" => watch ? "watch" : hasName ? "get" : "list",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" => hasName ? "delete" : "deletecollection",
        _ => method.ToLowerInvariant(),
    };

    private static string PathVerb(string method) => method switch
    {
        "GET" or "HEAD" => "get",
        "POST" => "post",
        "PUT" => "put",
        "PATCH" => "patch",
        "DELETE" => "delete",
        _ => method.ToLowerInvariant(),
    };

    /// <summary>The resource as rules and messages name it: <c>pods</c>, or <c>pods/log</c> for a subresource.</summary>
    public string ResourceWithSubresource => Subresource.Length == 0 ? Resource : $"{Resource}/{Subresource}";
}
