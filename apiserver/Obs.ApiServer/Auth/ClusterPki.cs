using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Obs.ApiServer.Auth;

/// <summary>
/// The cluster's certificate authority and the apiserver's serving certificate, generated once
/// into a directory as PEM files (<c>ca.crt</c>, <c>ca.key</c>, <c>apiserver.crt</c>, <c>apiserver.key</c>).
/// The CA goes into kubeconfigs, so clients verify the apiserver as they would a real cluster's.
/// </summary>
public sealed class ClusterPki(string directory)
{
    public string CaCertFile => Path.Combine(directory, "ca.crt");
    public string CaKeyFile => Path.Combine(directory, "ca.key");
    public string ServingCertFile => Path.Combine(directory, "apiserver.crt");
    public string ServingKeyFile => Path.Combine(directory, "apiserver.key");

    /// <summary>The names a pod reaches the apiserver by through the <c>kubernetes</c> Service, as kubeadm's certificate carries them.</summary>
    public static readonly string[] KubernetesServiceNames =
        ["kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"];

    /// <summary>
    /// Creates whatever is missing; a serving certificate is reissued when it lacks one of the
    /// addresses. Besides those given it names localhost and the <c>kubernetes</c> Service, by
    /// its names and its cluster IP (the first address of <paramref name="serviceClusterIpRange"/>),
    /// so a pod can verify https://kubernetes.default.svc.
    /// </summary>
    public void Ensure(IEnumerable<IPAddress> addresses, IEnumerable<string> dnsNames, string serviceClusterIpRange = ApiServerOptions.DefaultServiceClusterIpRange)
    {
        Directory.CreateDirectory(directory);
        if (!File.Exists(CaCertFile) || !File.Exists(CaKeyFile)) CreateCa();
        var serviceIp = new Services.ServiceIpRange(serviceClusterIpRange).First;
        var ips = addresses.Concat([IPAddress.Loopback, IPAddress.IPv6Loopback, serviceIp]).Distinct().ToList();
        var names = dnsNames.Concat(["localhost", .. KubernetesServiceNames]).Distinct().ToList();
        if (File.Exists(ServingCertFile) && File.Exists(ServingKeyFile) && Covers(ips, names)) return;
        CreateServing(ips, names);
    }

    private void CreateCa()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=obs-ca", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(10));
        WritePrivate(CaKeyFile, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(CaCertFile, cert.ExportCertificatePem());
    }

    private void CreateServing(List<IPAddress> ips, List<string> names)
    {
        using var ca = X509Certificate2.CreateFromPemFile(CaCertFile, CaKeyFile);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=obs-apiserver", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var ip in ips) san.AddIpAddress(ip);
        foreach (var name in names) san.AddDnsName(name);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var cert = request.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(5), serial);
        WritePrivate(ServingKeyFile, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(ServingCertFile, cert.ExportCertificatePem());
    }

    private bool Covers(List<IPAddress> ips, List<string> names)
    {
        using var cert = X509Certificate2.CreateFromPem(File.ReadAllText(ServingCertFile));
        var san = cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (san is null) return false;
        var haveIps = san.EnumerateIPAddresses().ToHashSet();
        var haveNames = san.EnumerateDnsNames().ToHashSet();
        return ips.All(haveIps.Contains) && names.All(haveNames.Contains) && cert.NotAfter > DateTime.UtcNow.AddDays(30);
    }

    private static void WritePrivate(string path, string pem)
    {
        File.WriteAllText(path, pem);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
