namespace Obs.ApiServer.ServiceAccounts;

/// <summary>What a service account token says: who it is for, for whom, for how long, and the pod it is bound to.</summary>
public sealed record ServiceAccountClaims(
    string Issuer,
    IReadOnlyList<string> Audiences,
    string Namespace,
    string ServiceAccountName,
    string ServiceAccountUid,
    DateTimeOffset IssuedAt,
    DateTimeOffset Expires,
    BoundPod? Pod)
{
    /// <summary>The user name Kubernetes gives a service account.</summary>
    public string Subject => $"system:serviceaccount:{Namespace}:{ServiceAccountName}";
}

/// <summary>The pod a token is bound to: it stops authenticating when this pod is gone.</summary>
public sealed record BoundPod(string Name, string Uid);
