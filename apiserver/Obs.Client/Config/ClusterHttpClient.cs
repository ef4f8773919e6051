using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Obs.Api.Security;

namespace Obs.Client.Config;

/// <summary>
/// The HttpClient for one <see cref="ClusterConnection"/>: TLS trusting exactly the cluster's CA,
/// HTTP/2 when the server offers it (many watches share one connection) and HTTP/1.1 otherwise,
/// the bearer token on every request. No client-wide timeout: watches stay open for minutes, so
/// callers time out each request themselves.
/// </summary>
public static class ClusterHttpClient
{
    public static HttpClient Create(ClusterConnection connection, string userAgent = "obs-client")
    {
        var handler = new SocketsHttpHandler
        {
            // Kestrel allows 100 streams per HTTP/2 connection; informers for many resources exceed that.
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(15),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AutomaticDecompression = DecompressionMethods.GZip,
        };
        if (connection.InsecureSkipTlsVerify)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        else if (connection.CertificateAuthorityPem is { Length: > 0 } pem)
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPem(pem);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => CustomRootTrust.Trusts(roots, certificate, errors);
        }
        var client = new HttpClient(handler, disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        if (connection.Token is { Length: > 0 } token) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        client.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }
}
