using Obs.ApiServer.Http;

namespace Obs.ApiServer.Metrics;

/// <summary>The labels kube-apiserver puts on its request metrics, derived from one request.</summary>
public static class RequestLabels
{
    /// <summary>
    /// The reported verb: LIST, WATCH, POST…, CONNECT for the subresources served by a connection
    /// to the node, and the HTTP method for requests that are not about a resource.
    /// </summary>
    public static string Verb(RequestInfo? info, string method)
    {
        if (info is null) return method;
        if (LongRunningRequest.IsConnect(info)) return "CONNECT";
        return info.Verb switch
        {
            "get" => "GET",
            "list" => "LIST",
            "watch" => "WATCH",
            "create" => "POST",
            "update" => "PUT",
            "patch" => "PATCH",
            "delete" => "DELETE",
            "deletecollection" => "DELETE",
            _ => info.Verb.ToUpperInvariant(),
        };
    }

    /// <summary><c>resource</c> for one named object, <c>namespace</c> for a namespace's collection, <c>cluster</c> for the rest.</summary>
    public static string Scope(RequestInfo info) =>
        info.Name is not null || info.Verb == "create" ? "resource" : info.Namespace is not null ? "namespace" : "cluster";

    /// <summary>kube-apiserver's <c>request_kind</c>: reads are <c>readOnly</c>, every other request <c>mutating</c>.</summary>
    public static string RequestKind(RequestInfo? info, string method) =>
        (info?.Verb ?? method) is "get" or "list" or "watch" or "GET" or "HEAD" or "OPTIONS" ? ReadOnly : Mutating;

    public const string ReadOnly = "readOnly";
    public const string Mutating = "mutating";
}
