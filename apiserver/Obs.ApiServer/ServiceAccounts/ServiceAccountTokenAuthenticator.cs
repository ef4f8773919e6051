using System.Text.Json;
using Obs.Api.Resources;
using Obs.ApiServer.Auth;
using Obs.ApiServer.Cache;
using Obs.ApiServer.Registry;

namespace Obs.ApiServer.ServiceAccounts;

/// <summary>
/// Accepts the tokens <see cref="TokenRequestEndpoint"/> issues: the signature must be ours, the
/// token current and meant for the apiserver, and the service account (and the pod it is bound
/// to) must still exist with the uid it had, so deleting either revokes every token made for it.
/// </summary>
public sealed class ServiceAccountTokenAuthenticator(ServiceAccountJwt jwt, WatchCache cache, ServiceAccountOptions options, TimeProvider time)
{
    /// <summary>Clock skew allowed between the apiserver that issued a token and the one that checks it.</summary>
    private static readonly TimeSpan Leeway = TimeSpan.FromSeconds(60);

    /// <summary>The audience the apiserver accepts tokens for: its issuer, Kubernetes' default when none is configured.</summary>
    public IReadOnlyList<string> ApiAudiences { get; } = [options.Issuer];

    /// <summary>The user of a token meant for the apiserver, or null.</summary>
    public UserInfo? Authenticate(string token) => Authenticate(token, ApiAudiences)?.User;

    /// <summary>
    /// The user of a token meant for any of <paramref name="audiences"/> (what a TokenReview asks), with those of them
    /// the token names; null when the token is not ours, not current, for none of them, or its account or pod is gone.
    /// </summary>
    public (UserInfo User, string[] Audiences)? Authenticate(string token, IReadOnlyList<string> audiences)
    {
        if (jwt.Decode(token) is not { } claims) return null;
        var now = time.GetUtcNow();
        var meant = audiences.Where(claims.Audiences.Contains).ToArray();
        if (claims.Issuer != options.Issuer || meant.Length == 0) return null;
        if (now >= claims.Expires + Leeway || now < claims.IssuedAt - Leeway) return null;
        if (UidOf(ResourceTypes.ServiceAccount, claims.Namespace, claims.ServiceAccountName) != claims.ServiceAccountUid) return null;
        if (claims.Pod is { } pod && UidOf(ResourceTypes.Pod, claims.Namespace, pod.Name) != pod.Uid) return null;
        return (new UserInfo(claims.Subject, claims.ServiceAccountUid,
            ["system:serviceaccounts", $"system:serviceaccounts:{claims.Namespace}", "system:authenticated"])
        {
            // As kube-apiserver tells who holds a token bound to a pod.
            Extra = claims.Pod is { } bound
                ? new Dictionary<string, IReadOnlyList<string>> { ["authentication.kubernetes.io/pod-name"] = [bound.Name], ["authentication.kubernetes.io/pod-uid"] = [bound.Uid] }
                : new Dictionary<string, IReadOnlyList<string>>(),
        }, meant);
    }

    private string? UidOf(ResourceType type, string ns, string name) =>
        cache.Get(ObjectRegistry.KeyOf(type, ns, name))?.MetadataString("uid");
}
