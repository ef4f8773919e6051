using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Obs.Bench.Load;

/// <summary>
/// HTTPS clients as client-go builds them: the cluster CA as the only trust root, the admin
/// bearer token, HTTP/2 with one long-lived connection per client (or HTTP/1.1 with a pool of
/// keep-alive connections when asked).
/// </summary>
internal sealed class ApiClients(string caCertFile, string token, bool http1)
{
    private readonly X509Certificate2 _ca = X509Certificate2.CreateFromPem(File.ReadAllText(caCertFile));

    public Version HttpVersion => http1 ? System.Net.HttpVersion.Version11 : System.Net.HttpVersion.Version20;

    /// <summary>One client: its own connection (HTTP/2) or connection pool (HTTP/1.1).</summary>
    public HttpClient Create(Uri server)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = Trusts },
        };
        var client = new HttpClient(handler)
        {
            BaseAddress = server,
            DefaultRequestVersion = HttpVersion,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromMinutes(5),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        client.DefaultRequestHeaders.UserAgent.ParseAdd("obs-bench/1.0");
        return client;
    }

    public ClientSet Create(Uri server, int count) => new(Enumerable.Range(0, count).Select(_ => Create(server)).ToList());

    private bool Trusts(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || chain is null) return false;
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return certificate is X509Certificate2 leaf && chain.Build(leaf) && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == 0;
    }
}
