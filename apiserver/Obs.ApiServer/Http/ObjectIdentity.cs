using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.ApiServer.Http;

/// <summary>
/// The name and namespace a PUT body or a patched object must carry, checked as Kubernetes' handlers check
/// them before anything is stored: the name must be the URL's (a patch that removes <c>metadata</c> leaves
/// none, and the registry would otherwise quietly restore it), and a namespace other than the request's is
/// refused. Both are 400 BadRequest with Kubernetes' messages, which differ between PUT and PATCH.
/// </summary>
internal static class ObjectIdentity
{
    /// <summary>
    /// A PUT body: the name first, then a namespace that is given and differs (an absent one is the
    /// request's, filled in by the registry).
    /// </summary>
    public static void CheckUpdate(RequestInfo info, JsonObject obj)
    {
        CheckName(info, obj);
        var ns = ObjectMeta.Namespace(obj);
        if (info.Type.Namespaced && !string.IsNullOrEmpty(ns) && ns != info.Namespace)
            throw ApiErrors.BadRequest($"the namespace of the object ({ns}) does not match the namespace on the request ({info.Namespace})");
    }

    /// <summary>
    /// A patched object: its namespace is made the request's when absent (and dropped on a cluster-scoped
    /// resource) and refused when it differs; then the name must still be the URL's.
    /// </summary>
    public static void CheckPatched(RequestInfo info, JsonObject obj)
    {
        var ns = ObjectMeta.Namespace(obj);
        if (!info.Type.Namespaced)
        {
            if (obj["metadata"] is JsonObject meta) meta.Remove("namespace");
        }
        else if (string.IsNullOrEmpty(ns))
        {
            if (obj["metadata"] is JsonObject meta) meta["namespace"] = info.Namespace;
        }
        else if (ns != info.Namespace)
        {
            throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
        CheckName(info, obj);
    }

    private static void CheckName(RequestInfo info, JsonObject obj)
    {
        var name = ObjectMeta.Name(obj) ?? "";
        if (name != info.Name)
            throw ApiErrors.BadRequest($"the name of the object ({name}) does not match the name on the URL ({info.Name})");
    }
}
