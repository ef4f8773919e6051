using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;

namespace Obs.Dashboard.Access;

/// <summary>
/// What one token may read, learned from SelfSubjectRulesReviews: the rules that hold everywhere (bound by
/// ClusterRoleBindings; the only ones that reach cluster-scoped resources and paths) and, per namespace, those that
/// hold there. Every page, fragment and live notice asks it before it shows an object from the dashboard's cache,
/// which the dashboard watches with its own (admin) credentials. Immutable: a newer review replaces it whole.
/// </summary>
public sealed class UserAccess(IReadOnlyList<AccessRule> cluster, IReadOnlyDictionary<string, IReadOnlyList<AccessRule>> byNamespace)
{
    /// <summary><c>system:masters</c> and <c>cluster-admin</c>: every object, with no rule to match.</summary>
    public static readonly UserAccess Everything = new([], new Dictionary<string, IReadOnlyList<AccessRule>>()) { IsEverything = true };

    /// <summary>Nothing learned (yet, or the API could not be asked): nothing is shown.</summary>
    public static readonly UserAccess Nothing = new([], new Dictionary<string, IReadOnlyList<AccessRule>>());

    public bool IsEverything { get; private init; }

    /// <summary>The namespaces where the token holds rules of their own (RoleBindings).</summary>
    public IEnumerable<string> BoundNamespaces => byNamespace.Keys;

    /// <summary>Whether the token may <paramref name="verb"/> <paramref name="type"/> in <paramref name="ns"/> (null or "": cluster-wide).</summary>
    public bool Allows(string verb, ResourceType type, string? ns, string? name = null, string? subresource = null)
    {
        if (IsEverything) return true;
        var resource = subresource is { Length: > 0 } ? $"{type.Plural}/{subresource}" : type.Plural;
        foreach (var rule in cluster) if (rule.Allows(verb, type.Group, resource, name)) return true;
        // A namespace's rules reach only that namespace's objects (and the namespace itself, which lives in it for RBAC).
        var scope = type.Namespaced ? ns : type.Plural == "namespaces" ? name : null;
        if (scope is not { Length: > 0 } || !byNamespace.TryGetValue(scope, out var rules)) return false;
        foreach (var rule in rules) if (rule.Allows(verb, type.Group, resource, name)) return true;
        return false;
    }

    /// <summary>Whether a list of <paramref name="type"/> would show its objects in <paramref name="ns"/> (null: in every namespace).</summary>
    public bool MayList(ResourceType type, string? ns = null) => Allows("list", type, ns);

    /// <summary>Whether the token may read the object itself (its detail page, its YAML).</summary>
    public bool MayGet(ResourceType type, string? ns, string name) => Allows("get", type, ns, name);

    /// <summary>Whether <paramref name="obj"/> belongs in a list the token reads: list allowed in its namespace.</summary>
    public bool Sees(ResourceType type, JsonObject obj) => Allows("list", type, ObjectMeta.Namespace(obj));

    /// <summary>The objects of a list the token may see.</summary>
    public IEnumerable<JsonObject> Visible(ResourceType type, IEnumerable<JsonObject> objects) =>
        IsEverything ? objects : objects.Where(o => Sees(type, o));

    /// <summary>Whether the token may <paramref name="verb"/> a non-resource path (the on-call receiver's <c>/alerting/v1/…</c>).</summary>
    public bool AllowsPath(string verb, string path) => IsEverything || cluster.Any(r => r.AllowsPath(verb, path));

    /// <summary>
    /// The namespaces a picker offers: every one when the token may list <paramref name="type"/> everywhere, else those
    /// where it may list them; with no type, those where it holds rules of its own.
    /// </summary>
    public IEnumerable<string> Namespaces(ResourceType? type, IEnumerable<string> all) =>
        IsEverything ? all
        : type is null ? all.Where(byNamespace.ContainsKey)
        : MayList(type) ? all : all.Where(ns => MayList(type, ns));
}
