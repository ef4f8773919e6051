using System.Text.Json.Nodes;
using Obs.Api.Resources;
using Obs.Client.Rest;

namespace Obs.Dashboard.Access;

/// <summary>
/// Learns a token's <see cref="UserAccess"/> as <c>kubectl auth can-i --list</c> does: a SelfSubjectRulesReview (asked
/// with the token itself) for the cluster-wide rules, then one per namespace for the rules bound there. A token whose
/// cluster-wide rules hold everything (the admin, <c>system:masters</c>) costs that one review. Per namespace because
/// that is what the API answers (one review lists the rules of one namespace) and because the answers are kept: a
/// session asks again only once its rules are older than <see cref="SessionAccess.MaxAge"/>.
/// </summary>
public static class RulesReview
{
    public static readonly ResourceType Type = new("authorization.k8s.io", "v1", "SelfSubjectRulesReview", "selfsubjectrulesreviews", "", false, [], [], []);

    /// <summary>How many namespaces are reviewed at once: enough to be quick, few enough not to crowd the user's client.</summary>
    private const int Parallel = 8;

    public static async Task<UserAccess> LearnAsync(ApiClient api, IEnumerable<string> namespaces, CancellationToken cancellationToken)
    {
        var cluster = await RulesInAsync(api, "", cancellationToken);
        if (cluster.Any(r => r.IsEverything)) return UserAccess.Everything;
        // A namespace's answer repeats the cluster-wide rules; only what the namespace adds is kept.
        var clusterTexts = cluster.Select(Text).ToHashSet(StringComparer.Ordinal);
        var byNamespace = new System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<AccessRule>>(StringComparer.Ordinal);
        await System.Threading.Tasks.Parallel.ForEachAsync(namespaces, new ParallelOptions { MaxDegreeOfParallelism = Parallel, CancellationToken = cancellationToken }, async (ns, ct) =>
        {
            var own = (await RulesInAsync(api, ns, ct)).Where(r => !clusterTexts.Contains(Text(r))).ToList();
            if (own.Count > 0) byNamespace[ns] = own;
        });
        return new UserAccess(cluster, new Dictionary<string, IReadOnlyList<AccessRule>>(byNamespace, StringComparer.Ordinal));
    }

    private static async Task<IReadOnlyList<AccessRule>> RulesInAsync(ApiClient api, string ns, CancellationToken cancellationToken)
    {
        var review = await api.CreateAsync(Type, new JsonObject
        {
            ["apiVersion"] = Type.ApiVersion,
            ["kind"] = Type.Kind,
            ["spec"] = new JsonObject { ["namespace"] = ns },
        }, cancellationToken: cancellationToken);
        var status = review["status"];
        return [
            .. (status?["resourceRules"] as JsonArray ?? []).Select(AccessRule.FromJson),
            .. (status?["nonResourceRules"] as JsonArray ?? []).Select(AccessRule.FromJson),
        ];
    }

    private static string Text(AccessRule rule) =>
        string.Join('\n', string.Join(',', rule.Verbs), string.Join(',', rule.ApiGroups), string.Join(',', rule.Resources), string.Join(',', rule.ResourceNames), string.Join(',', rule.NonResourceUrls));
}
