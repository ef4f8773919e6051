using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Obs.ServiceProxy.Ingress;

/// <summary>
/// The certificate the HTTPS port presents when no Ingress has one for the SNI name (or the client sent
/// none), as ingress-nginx's "Kubernetes Ingress Controller Fake Certificate": self-signed, made once per
/// agent start, never trusted by anyone, so the handshake completes and the client decides.
/// </summary>
internal static class FallbackCertificate
{
    public const string Subject = "CN=Obs Ingress Fallback Certificate";

    public static SslStreamCertificateContext Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(Subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
        // Round-trip through PKCS#12 so the key is usable by the TLS stack on every platform.
        var reloaded = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        return SslStreamCertificateContext.Create(reloaded, null, offline: true);
    }
}
