using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Obs.ApiServer.Tests.Webhooks;

/// <summary>A root CA, an intermediate CA it signs, and a serving certificate the intermediate signs, for the names given.</summary>
internal static class IntermediateChain
{
    public static (X509Certificate2 Root, X509Certificate2 Intermediate, X509Certificate2 Leaf) Make(IPAddress[] addresses, string[] names)
    {
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=webhook-test-root", rootKey, HashAlgorithmName.SHA256);
        AsCa(rootRequest);
        var root = rootRequest.CreateSelfSigned(now, now.AddDays(1));

        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var intermediateRequest = new CertificateRequest("CN=webhook-test-intermediate", intermediateKey, HashAlgorithmName.SHA256);
        AsCa(intermediateRequest);
        using var intermediatePublic = intermediateRequest.Create(root, now, now.AddDays(1), [1]);
        var intermediate = intermediatePublic.CopyWithPrivateKey(intermediateKey);

        var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=webhook-test-serving", leafKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var address in addresses) san.AddIpAddress(address);
        foreach (var name in names) san.AddDnsName(name);
        leafRequest.CertificateExtensions.Add(san.Build());
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var leafPublic = leafRequest.Create(intermediate, now, now.AddDays(1), [2]);
        // Kestrel on Linux wants the key in a form it can hand to OpenSSL: round-trip through PKCS#12.
        var leaf = X509CertificateLoader.LoadPkcs12(leafPublic.CopyWithPrivateKey(leafKey).Export(X509ContentType.Pkcs12), null);
        return (root, intermediate, leaf);
    }

    private static void AsCa(CertificateRequest request)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
    }
}
