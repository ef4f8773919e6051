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
}
