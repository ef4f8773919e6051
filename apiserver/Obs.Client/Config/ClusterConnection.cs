namespace Obs.Client.Config;

/// <summary>
/// Where the cluster is and how to prove who we are: the apiserver's URL, the CA that signed its
/// serving certificate (PEM; trusted alone, not the machine's roots) and a bearer token. The
/// namespace is the default for calls that do not name one, as in a kubeconfig context.
/// </summary>
public sealed record ClusterConnection
{
    public required Uri Server { get; init; }

    /// <summary>PEM of the CA to trust; null trusts the machine's roots (plain HTTP needs none).</summary>
    public string? CertificateAuthorityPem { get; init; }

    public string? Token { get; init; }

    public string Namespace { get; init; } = "default";

    /// <summary>Skips server certificate checks, as kubeconfig's insecure-skip-tls-verify does.</summary>
    public bool InsecureSkipTlsVerify { get; init; }

    public static ClusterConnection Explicit(string server, string? caPem, string? token, string @namespace = "default") => new()
    {
        Server = new Uri(server),
        CertificateAuthorityPem = caPem,
        Token = token,
        Namespace = @namespace,
    };

    /// <summary>The same credentials against another apiserver address (a restarted or another replica).</summary>
    public ClusterConnection WithServer(string server) => this with { Server = new Uri(server) };
}
