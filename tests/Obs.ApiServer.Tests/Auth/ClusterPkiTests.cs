using System.Net;
using System.Security.Cryptography.X509Certificates;
using Obs.ApiServer.Auth;

namespace Obs.ApiServer.Tests.Auth;

/// <summary>The serving certificate names the <c>kubernetes</c> Service, so pods can verify https://kubernetes.default.svc and its cluster IP.</summary>
public sealed class ClusterPkiTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"obs-pki-{Guid.NewGuid():N}");

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static X509SubjectAlternativeNameExtension San(ClusterPki pki)
    {
        using var cert = X509Certificate2.CreateFromPem(File.ReadAllText(pki.ServingCertFile));
        return cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
    }

    [Fact]
    public void TheServingCertificateNamesTheKubernetesServiceByItsClusterIpAndNames()
    {
        var pki = new ClusterPki(_dir);

        pki.Ensure([IPAddress.Loopback], []);

        var san = San(pki);
        Assert.Contains(IPAddress.Parse("127.77.0.1"), san.EnumerateIPAddresses());
        Assert.Contains(IPAddress.Loopback, san.EnumerateIPAddresses());
        var names = san.EnumerateDnsNames().ToList();
        foreach (var name in new[] { "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local", "localhost" })
            Assert.Contains(name, names);
    }

    [Fact]
    public void ACertificateWithoutTheServiceAddressIsReissuedUnderTheSameAuthority()
    {
        var pki = new ClusterPki(_dir);
        pki.Ensure([IPAddress.Loopback], [], "127.88.0.0/16");
        var ca = File.ReadAllText(pki.CaCertFile);
        Assert.DoesNotContain(IPAddress.Parse("127.77.0.1"), San(pki).EnumerateIPAddresses());

        pki.Ensure([IPAddress.Loopback], []);

        Assert.Contains(IPAddress.Parse("127.77.0.1"), San(pki).EnumerateIPAddresses());
        Assert.Equal(ca, File.ReadAllText(pki.CaCertFile));
        using var issued = X509Certificate2.CreateFromPem(File.ReadAllText(pki.ServingCertFile));
        using var authority = X509Certificate2.CreateFromPem(ca);
        Assert.Equal(authority.Subject, issued.Issuer);
    }

    [Fact]
    public void ACertificateThatCoversEverythingIsKept()
    {
        var pki = new ClusterPki(_dir);
        pki.Ensure([IPAddress.Loopback], []);
        var first = File.ReadAllText(pki.ServingCertFile);

        pki.Ensure([IPAddress.Loopback], []);

        Assert.Equal(first, File.ReadAllText(pki.ServingCertFile));
    }
}
