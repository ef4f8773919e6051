using System.Net;
using Obs.Api.Resources;
using Obs.Client.Config;
using Obs.Client.Rest;
using Obs.Testing;

namespace Obs.Client.Tests.Config;

/// <summary>The transport against a real apiserver: HTTP/2 over TLS, trusting only the cluster CA, the token sent.</summary>
public sealed class ClusterHttpClientTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    [Fact]
    public async Task SpeaksHttp2TrustingTheClusterCa()
    {
        using var http = ClusterHttpClient.Create(KubeconfigFile.Load(cluster.Kubeconfig));
        using var response = await http.GetAsync(cluster.Server + "/api/v1/namespaces/default");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
    }

    [Fact]
    public async Task ServerCertificateNotSignedByTheGivenCaIsRejected()
    {
        var connection = KubeconfigFile.Load(cluster.Kubeconfig);
        // Any other CA: the serving certificate does not chain to it, and the machine's roots do not count.
        using var otherCa = System.Security.Cryptography.ECDsa.Create();
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=other-ca", otherCa, System.Security.Cryptography.HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension(true, false, 0, true));
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var client = new ApiClient(connection with { CertificateAuthorityPem = cert.ExportCertificatePem() });
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(ResourceTypes.Namespace, null, "default"));
    }

    [Fact]
    public async Task WrongTokenIsUnauthorized()
    {
        var connection = KubeconfigFile.Load(cluster.Kubeconfig) with { Token = "not-the-token" };
        using var client = new ApiClient(connection);
        var e = await Assert.ThrowsAsync<ApiException>(() => client.GetAsync(ResourceTypes.Namespace, null, "default"));
        Assert.True(e.IsUnauthorized);
        Assert.Equal(401, e.Code);
    }
}
