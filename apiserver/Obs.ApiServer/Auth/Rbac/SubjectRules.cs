namespace Obs.ApiServer.Auth.Rbac;

/// <summary>
/// Every rule one user holds: those bound cluster-wide (ClusterRoleBindings) and those bound in a
/// namespace (RoleBindings, to a Role or a ClusterRole). Built once per subject and policy version.
/// </summary>
public sealed class SubjectRules(PolicyRule[] cluster, IReadOnlyDictionary<string, PolicyRule[]> byNamespace)
{
    public static readonly SubjectRules Everything = new([PolicyRule.Resource(["*"], ["*"], ["*"]), PolicyRule.NonResource(["*"], ["*"])], new Dictionary<string, PolicyRule[]>());

    public PolicyRule[] Cluster { get; } = cluster;
    public IReadOnlyDictionary<string, PolicyRule[]> ByNamespace { get; } = byNamespace;

    public bool Allows(AccessRequest request)
    {
        foreach (var rule in Cluster) if (rule.Allows(request)) return true;
        // A namespace's rules reach only requests in it, and never a path (non-resource URLs are cluster-wide only).
        if (!request.IsResource || request.Namespace.Length == 0 || !ByNamespace.TryGetValue(request.Namespace, out var rules)) return false;
        foreach (var rule in rules) if (rule.Allows(request)) return true;
        return false;
    }

    /// <summary>The rules that apply in a namespace (cluster-wide ones included), as SelfSubjectRulesReview lists them.</summary>
    public IEnumerable<PolicyRule> In(string ns) =>
        ByNamespace.TryGetValue(ns, out var rules) ? Cluster.Concat(rules.Where(r => r.NonResourceUrls.Length == 0)) : Cluster;
}
