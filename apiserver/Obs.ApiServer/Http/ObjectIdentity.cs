using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;

namespace Obs.ApiServer.Http;

/// <summary>Whose rules (and Kubernetes' messages, which differ between them) an identity check follows.</summary>
internal enum IdentityCheck
{
    /// <summary>A POST body: only a namespace other than the request's is refused; the name is the body's own.</summary>
    Create,

    /// <summary>A PUT body: the name must be the URL's, then a namespace that is given must be the request's.</summary>
    Update,

    /// <summary>A patched object: its namespace is made the request's when absent (dropped on a cluster-scoped resource) and refused when it differs; then the name must still be the URL's.</summary>
    Patch,

    /// <summary>
    /// What the registry is asked to store (by a request already checked, or by a controller in this process): a name
    /// or namespace that is given must be the key's, but an absent name is let through (the registry keeps the key's).
    /// </summary>
    Stored,
}

/// <summary>
/// The name and namespace an object must carry, checked as Kubernetes' handlers check them before anything is stored:
/// the name must be the URL's (a patch that removes <c>metadata</c> leaves none, and the registry would otherwise
/// quietly restore it), and a namespace other than the request's is refused. Both are 400 BadRequest.
/// </summary>
internal static class ObjectIdentity
{
    private const string NamespaceMismatch = "the namespace of the provided object does not match the namespace sent on the request";

    /// <summary>Checks <paramref name="obj"/> against the request's (or key's) namespace and name by the rules of <paramref name="check"/>.</summary>
    public static void Check(IdentityCheck check, ResourceType type, string? ns, string? name, JsonObject obj)
    {
        if (check == IdentityCheck.Update || check == IdentityCheck.Stored) CheckName(check, name, obj);
        var given = ObjectMeta.Namespace(obj);
        if (check == IdentityCheck.Patch && obj["metadata"] is JsonObject meta)
        {
            // A patch may drop the namespace; the object stays where the request says.
            if (!type.Namespaced) meta.Remove("namespace");
            else if (string.IsNullOrEmpty(given)) meta["namespace"] = ns;
        }
        if (type.Namespaced && !string.IsNullOrEmpty(given) && given != ns)
        {
            throw ApiErrors.BadRequest(check == IdentityCheck.Update
                ? $"the namespace of the object ({given}) does not match the namespace on the request ({ns})"
                : NamespaceMismatch);
        }
        if (check == IdentityCheck.Patch) CheckName(check, name, obj);
    }

    /// <summary>A request's check: the request's namespace and name.</summary>
    public static void Check(IdentityCheck check, RequestInfo info, JsonObject obj) => Check(check, info.Type, info.Namespace, info.Name, obj);

    private static void CheckName(IdentityCheck check, string? name, JsonObject obj)
    {
        var given = ObjectMeta.Name(obj);
        if (given is null && check == IdentityCheck.Stored) return;
        if ((given ?? "") != name)
            throw ApiErrors.BadRequest($"the name of the object ({given ?? ""}) does not match the name on the URL ({name})");
    }
}
