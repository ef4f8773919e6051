using Obs.Api.Resources;
using Obs.Dashboard.Auth;

namespace Obs.Dashboard.Access;

/// <summary>The refusal a page shows for an object its user may not read, in the words kube-apiserver uses for a 403.</summary>
public static class AccessDenial
{
    /// <summary>
    /// Null when <paramref name="user"/> may <paramref name="verb"/> the object; otherwise a short reason, which an action's
    /// button shows as it is disabled (the API would refuse it; it still decides, with the user's own token).
    /// </summary>
    public static string? ToDo(CurrentUser user, string verb, ResourceType type, string? ns, string? name, string? subresource = null) =>
        user.Access.Allows(verb, type, ns, name, subresource) ? null
        : $"Your token may not {verb} {(subresource is { Length: > 0 } ? $"{type.Plural}/{subresource}" : type.Plural)}{(type.Namespaced ? ns is { Length: > 0 } ? $" in {ns}" : " in every namespace" : "")}.";

    /// <summary>Null when <paramref name="user"/> may get the object; otherwise what the API would answer them.</summary>
    public static string? ToGet(CurrentUser user, ResourceType type, string? ns, string name, string? subresource = null)
    {
        if (user.Access.Allows("get", type, ns, name, subresource)) return null;
        var groupResource = type.Group.Length == 0 ? type.Plural : $"{type.Plural}.{type.Group}";
        var resource = subresource is { Length: > 0 } ? $"{type.Plural}/{subresource}" : type.Plural;
        var scope = type.Namespaced ? $"in the namespace \"{ns}\"" : "at the cluster scope";
        return $"{groupResource} \"{name}\" is forbidden: User \"{user.Name}\" cannot get resource \"{resource}\" in API group \"{type.Group}\" {scope}";
    }
}
