using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Obs.NodeAgent.Api;

/// <summary>
/// The agent API's TLS certificate: the given PEM pair, or a self-signed one made at first start
/// and kept in the state directory (<c>pki/agent.crt</c>, <c>pki/agent.key</c>). Its SHA-256
/// <see cref="Pin"/> is published on the Node, so the apiserver can verify exactly this
/// certificate without a CA it would have to share its key with.
/// </summary>
public static class ServingCertificate
{
    public static X509Certificate2 Load(string stateDirectory, string? certFile, string? keyFile, IEnumerable<string> addresses, string hostname)
    {
        if (certFile is not null && keyFile is not null) return Reload(X509Certificate2.CreateFromPemFile(certFile, keyFile));
        var directory = Path.Combine(stateDirectory, "pki");
        var crt = Path.Combine(directory, "agent.crt");
        var key = Path.Combine(directory, "agent.key");
        if (File.Exists(crt) && File.Exists(key))
        {
            var existing = Reload(X509Certificate2.CreateFromPemFile(crt, key));
            if (existing.NotAfter > DateTime.UtcNow.AddDays(1)) return existing;
        }
        Directory.CreateDirectory(directory);
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={hostname}", ecdsa, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(hostname);
        names.AddDnsName("localhost");
        foreach (var address in addresses.Append("127.0.0.1").Distinct())
        {
            if (System.Net.IPAddress.TryParse(address, out var ip)) names.AddIpAddress(ip);
        }
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllText(crt, created.ExportCertificatePem());
        File.WriteAllText(key, ecdsa.ExportPkcs8PrivateKeyPem());
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return Reload(created);
    }

    /// <summary>Lower-case hex SHA-256 of the certificate's DER.</summary>
    public static string Pin(X509Certificate certificate) => Convert.ToHexStringLower(SHA256.HashData(certificate.GetRawCertData()));

    // SslStream on Linux wants a certificate whose key came from a PKCS#12 import.
    private static X509Certificate2 Reload(X509Certificate2 certificate)
    {
        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        }
    }
}
