using System.Net.Security;

namespace Obs.ServiceProxy.Ingress;

/// <summary>
/// The TLS certificate for each host of every served Ingress's <c>spec.tls</c>, chosen by the SNI name
/// (exact host first, then its wildcard), and the self-signed fallback for any other name or none. The fallback
/// is made at the first handshake that needs it: an agent whose HTTPS port is never asked for one makes no key pair.
/// </summary>
internal sealed class IngressCertificates(
    IReadOnlyDictionary<string, SslStreamCertificateContext> exact,
    IReadOnlyDictionary<string, SslStreamCertificateContext> wildcards,
    Lazy<SslStreamCertificateContext> fallback)
{
    public SslStreamCertificateContext Fallback => fallback.Value;

    public SslStreamCertificateContext Select(string? serverName)
    {
        if (string.IsNullOrEmpty(serverName)) return Fallback;
        var host = IngressHosts.FromHeader(serverName);
        if (exact.TryGetValue(host, out var certificate)) return certificate;
        if (IngressHosts.WildcardSuffix(host) is { } suffix && wildcards.TryGetValue(suffix, out certificate)) return certificate;
        return Fallback;
    }
}
