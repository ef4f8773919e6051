using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.ApiServer.Http;

namespace Obs.ApiServer.Auth.Rbac;

/// <summary>
/// Kubernetes' privilege-escalation prevention: a user may write a Role or ClusterRole only with rules they
/// hold themselves (where the role applies), unless they may <c>escalate</c> roles; and a RoleBinding or
/// ClusterRoleBinding only to a role whose rules they hold (where the binding applies), unless they may
/// <c>bind</c> that role. Writes by the apiserver itself (no user) and by <c>system:masters</c> pass.
/// </summary>
public sealed class RbacEscalation(RbacAuthorizer authorizer)
{
    private const string Group = "rbac.authorization.k8s.io";

    public static bool Applies(ResourceType type) =>
        type == ResourceTypes.Role || type == ResourceTypes.ClusterRole || type == ResourceTypes.RoleBinding || type == ResourceTypes.ClusterRoleBinding;

    public void Check(ResourceType type, string? ns, JsonObject obj, UserInfo user)
    {
        if (!Applies(type) || RbacAuthorizer.IsMaster(user)) return;
        var scope = ns ?? "";
        var name = ObjectMeta.Name(obj) ?? "";
        PolicyRule[] granted;
        if (type == ResourceTypes.Role || type == ResourceTypes.ClusterRole)
        {
            if (authorizer.Allows(user, AccessRequest.ForResource("escalate", Group, type.Plural, "", scope, name))) return;
            granted = [.. RbacPolicy.Rules(obj)];
        }
        else
        {
            var kind = obj["roleRef"]?["kind"]?.GetValue<string>() ?? "";
            var role = obj["roleRef"]?["name"]?.GetValue<string>() ?? "";
            var roles = kind == "Role" ? "roles" : "clusterroles";
            if (authorizer.Allows(user, AccessRequest.ForResource("bind", Group, roles, "", kind == "Role" ? scope : scope, role))) return;
            granted = authorizer.Policy.RoleRules(kind, role, scope)
                ?? throw ApiErrors.Forbidden(type, name, $"{roles}.{Group} \"{role}\" not found: a binding to it needs the bind verb on it");
        }
        var held = authorizer.RulesFor(user);
        var missing = granted.Where(rule => !Covered(held, rule, scope)).ToList();
        if (missing.Count == 0) return;
        var groups = string.Join(' ', RbacAuthorizer.EffectiveGroups(user).Select(g => $"\"{g}\""));
        throw ApiErrors.Forbidden(type, name,
            $"user \"{user.Name}\" (groups=[{groups}]) is attempting to grant RBAC permissions not currently held:\n{string.Join('\n', missing.Select(Describe))}");
    }

    /// <summary>
    /// Whether every verb, group, resource and name of <paramref name="rule"/> is allowed by the holder's rules in
    /// <paramref name="ns"/>. A wildcard asked for is covered only by a wildcard held, as in Kubernetes.
    /// </summary>
    private static bool Covered(SubjectRules held, PolicyRule rule, string ns)
    {
        foreach (var verb in rule.Verbs)
        {
            foreach (var url in rule.NonResourceUrls)
                if (!held.Allows(AccessRequest.ForPath(verb, url))) return false;
            foreach (var group in rule.ApiGroups)
            foreach (var resource in rule.Resources)
            {
                var (parent, sub) = resource.IndexOf('/') is var slash and > 0 && resource[(slash + 1)..] != "*"
                    ? (resource[..slash], resource[(slash + 1)..]) : (resource, "");
                if (rule.ResourceNames.Length == 0)
                {
                    if (!held.Allows(AccessRequest.ForResource(verb, group, parent, sub, ns, ""))) return false;
                }
                else if (rule.ResourceNames.Any(n => !held.Allows(AccessRequest.ForResource(verb, group, parent, sub, ns, n)))) return false;
            }
        }
        return true;
    }

    private static string Describe(PolicyRule rule) => rule.ToJson().ToJsonString();
}
