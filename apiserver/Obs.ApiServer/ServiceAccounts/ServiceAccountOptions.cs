namespace Obs.ApiServer.ServiceAccounts;

/// <summary>How service account tokens are signed and what they name as their issuer.</summary>
public sealed record ServiceAccountOptions
{
    /// <summary>
    /// The signing key's PEM file, created when missing. Null puts it beside the serving key
    /// (<c>sa.key</c>), where <c>obs up</c> keeps the cluster's PKI; with no TLS either, the key lives in memory only.
    /// </summary>
    public string? KeyFile { get; init; }

    /// <summary>The <c>iss</c> claim, and the audience the apiserver itself accepts (Kubernetes' default when none is configured).</summary>
    public string Issuer { get; init; } = "https://kubernetes.default.svc.cluster.local";

    /// <summary>Lifetime when a TokenRequest names none.</summary>
    public TimeSpan DefaultExpiration { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The key file actually used: <see cref="KeyFile"/>, or <c>sa.key</c> beside the serving key.</summary>
    public string? ResolveKeyFile(string? tlsKeyFile) =>
        KeyFile ?? (tlsKeyFile is null ? null : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(tlsKeyFile))!, "sa.key"));
}
