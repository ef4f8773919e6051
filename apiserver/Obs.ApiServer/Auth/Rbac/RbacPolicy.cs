using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Api.Selectors;
using Obs.ApiServer.Cache;

namespace Obs.ApiServer.Auth.Rbac;

/// <summary>
/// The cluster's roles and bindings at one moment, parsed from the watch cache: ClusterRoles with their
/// aggregated rules (a ClusterRole with an <c>aggregationRule</c> also holds the rules of every ClusterRole
/// its selectors match, as Kubernetes' aggregation controller would write them into it), Roles by namespace,
/// and the bindings. Immutable; rebuilt whole when a role or binding changes.
/// </summary>
public sealed class RbacPolicy
{
    /// <summary>The resources whose changes make a new policy.</summary>
    public static readonly string[] Resources =
    [
        ResourceTypes.ClusterRole.GroupResource, ResourceTypes.Role.GroupResource,
        ResourceTypes.ClusterRoleBinding.GroupResource, ResourceTypes.RoleBinding.GroupResource,
    ];

    private readonly Dictionary<string, PolicyRule[]> _clusterRoles;
    private readonly Dictionary<(string Namespace, string Name), PolicyRule[]> _roles;
    private readonly List<RoleBindingEntry> _clusterBindings;
    private readonly List<RoleBindingEntry> _roleBindings;

    private RbacPolicy(Dictionary<string, PolicyRule[]> clusterRoles, Dictionary<(string, string), PolicyRule[]> roles,
        List<RoleBindingEntry> clusterBindings, List<RoleBindingEntry> roleBindings)
    {
        _clusterRoles = clusterRoles;
        _roles = roles;
        _clusterBindings = clusterBindings;
        _roleBindings = roleBindings;
    }

    public static RbacPolicy From(WatchCache cache)
    {
        JsonObject[] All(ResourceType type) => [.. cache.List(type.GroupResource, WatchFilter.Everything).Items.Select(o => o.ToMutable())];
        return From(All(ResourceTypes.ClusterRole), All(ResourceTypes.Role), All(ResourceTypes.ClusterRoleBinding), All(ResourceTypes.RoleBinding));
    }

    public static RbacPolicy From(IReadOnlyList<JsonObject> clusterRoles, IReadOnlyList<JsonObject> roles, IReadOnlyList<JsonObject> clusterBindings, IReadOnlyList<JsonObject> roleBindings)
    {
        var aggregated = clusterRoles.ToDictionary(r => ObjectMeta.Name(r) ?? "", r => Rules(r).ToArray());
        var sources = clusterRoles
            .Where(r => r["aggregationRule"]?["clusterRoleSelectors"] is JsonArray)
            .Select(r => (Name: ObjectMeta.Name(r) ?? "", Selected: Selected(r, clusterRoles)))
            .ToList();
        // Aggregation chains (view into edit into admin): a few passes reach what the controller's repeated syncs would.
        for (var pass = 0; pass < 4 && sources.Count > 0; pass++)
        {
            var changed = false;
            foreach (var (name, selected) in sources)
            {
                var merged = aggregated[name].Concat(selected.SelectMany(s => aggregated.GetValueOrDefault(s) ?? [])).Distinct(PolicyRuleComparer.Instance).ToArray();
                if (merged.Length == aggregated[name].Length) continue;
                aggregated[name] = merged;
                changed = true;
            }
            if (!changed) break;
        }
        return new RbacPolicy(
            aggregated,
            roles.ToDictionary(r => (ObjectMeta.Namespace(r) ?? "", ObjectMeta.Name(r) ?? ""), r => Rules(r).ToArray()),
            [.. clusterBindings.Select(b => RoleBindingEntry.FromJson(b, ""))],
            [.. roleBindings.Select(b => RoleBindingEntry.FromJson(b, ObjectMeta.Namespace(b) ?? ""))]);
    }

    /// <summary>The names of the other ClusterRoles an aggregating role's selectors match.</summary>
    private static List<string> Selected(JsonObject role, IReadOnlyList<JsonObject> clusterRoles)
    {
        var matchers = ((JsonArray)role["aggregationRule"]!["clusterRoleSelectors"]!).Select(LabelSelector.FromJson).Where(m => !m.MatchesNothing && !m.IsEmpty).ToList();
        return [.. clusterRoles
            .Where(other => !ReferenceEquals(other, role) && matchers.Any(m => m.Matches(ObjectMeta.Labels(other).ToList())))
            .Select(other => ObjectMeta.Name(other) ?? "")];
    }

    /// <summary>Every rule bound to the user or one of its groups.</summary>
    public SubjectRules RulesFor(string user, IReadOnlyCollection<string> groups)
    {
        var cluster = new List<PolicyRule>();
        foreach (var binding in _clusterBindings)
        {
            // A ClusterRoleBinding may only name a ClusterRole: RoleRules finds nothing for a Role at the cluster scope.
            if (binding.AppliesTo(user, groups) && RoleRules(binding.RoleKind, binding.RoleName, binding.Namespace) is { } rules)
                cluster.AddRange(rules);
        }
        var byNamespace = new Dictionary<string, List<PolicyRule>>();
        foreach (var binding in _roleBindings)
        {
            if (!binding.AppliesTo(user, groups) || RoleRules(binding.RoleKind, binding.RoleName, binding.Namespace) is not { } rules) continue;
            if (!byNamespace.TryGetValue(binding.Namespace, out var list)) byNamespace[binding.Namespace] = list = [];
            list.AddRange(rules);
        }
        return new SubjectRules([.. cluster], byNamespace.ToDictionary(p => p.Key, p => p.Value.ToArray()));
    }

    /// <summary>The rules a binding's role reference grants, or null when the role does not exist.</summary>
    public PolicyRule[]? RoleRules(string kind, string name, string ns) => kind switch
    {
        "ClusterRole" => _clusterRoles.GetValueOrDefault(name),
        "Role" => _roles.GetValueOrDefault((ns, name)),
        _ => null,
    };

    public static IEnumerable<PolicyRule> Rules(JsonNode role) =>
        role["rules"] is JsonArray rules ? rules.Where(r => r is not null).Select(PolicyRule.FromJson) : [];

    /// <summary>Rules are records of arrays: equal when their arrays hold the same strings.</summary>
    private sealed class PolicyRuleComparer : IEqualityComparer<PolicyRule>
    {
        public static readonly PolicyRuleComparer Instance = new();

        public bool Equals(PolicyRule? a, PolicyRule? b) => a is not null && b is not null &&
            a.Verbs.SequenceEqual(b.Verbs) && a.ApiGroups.SequenceEqual(b.ApiGroups) && a.Resources.SequenceEqual(b.Resources) &&
            a.ResourceNames.SequenceEqual(b.ResourceNames) && a.NonResourceUrls.SequenceEqual(b.NonResourceUrls);

        public int GetHashCode(PolicyRule r) => HashCode.Combine(string.Join(',', r.Verbs), string.Join(',', r.Resources), string.Join(',', r.NonResourceUrls));
    }
}
