using System.Text.Json.Nodes;
using Obs.ApiServer.Auth.Rbac;

namespace Obs.ApiServer.Auth;

/// <summary>Who made a request, as the authenticator established it.</summary>
public sealed record UserInfo(string Name, string Uid, IReadOnlyList<string> Groups)
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> None = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>
    /// What else the authenticator knows (user.Info's extra): for a pod's service-account token the pod's name and uid,
    /// for an impersonated user what <c>Impersonate-Extra-*</c> said. RBAC does not read it; reviews and webhooks report it.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Extra { get; init; } = None;

    /// <summary>
    /// As authentication.k8s.io/v1 UserInfo, what whoami and admission webhooks are told: the authenticator's groups
    /// in their order, then system:authenticated (or system:unauthenticated), which every such user is in, and the extra.
    /// </summary>
    public JsonObject ToJson()
    {
        var info = new JsonObject { ["username"] = Name };
        if (Uid.Length > 0) info["uid"] = Uid;
        info["groups"] = new JsonArray([.. Groups.Concat(RbacAuthorizer.EffectiveGroups(this).Except(Groups)).Select(g => (JsonNode)g)]);
        if (Extra.Count > 0)
            info["extra"] = new JsonObject(Extra.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)new JsonArray([.. e.Value.Select(v => (JsonNode)v)]))));
        return info;
    }
}
