using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Obs.Api.Resources;
using Obs.ServiceProxy.Ingress;

namespace Obs.ServiceProxy.Tests.Ingress;

/// <summary>
/// Ingresses served end to end: a real apiserver, the proxy's ingress ports on 127.0.0.1, real Kestrel
/// backends. Every test uses hosts of its own namespace, as the proxy merges all Ingresses into one table.
/// </summary>
[Collection(ProxyCollection.Name)]
public sealed class IngressProxyTests(ProxyCluster fixture)
{
    [Fact]
    public async Task TwoHostsAndTwoPathsRouteEachRequestToItsService()
    {
        await using var shop = await TestBackend.EchoAsync("shop");
        await using var shopApi = await TestBackend.EchoAsync("shop-api");
        await using var blog = await TestBackend.EchoAsync("blog");
        await using var blogAdmin = await TestBackend.EchoAsync("blog-admin");
        var ns = await fixture.NamespaceAsync();
        await fixture.ServiceAsync(ns, "shop", shop);
        await fixture.ServiceAsync(ns, "shop-api", shopApi);
        await fixture.ServiceAsync(ns, "blog", blog);
        await fixture.ServiceAsync(ns, "blog-admin", blogAdmin);
        string shopHost = $"shop.{ns}.test", blogHost = $"blog.{ns}.test";
        await fixture.CreateIngressAsync(ns, "web",
        [
            IngressFixture.Rule(shopHost, IngressFixture.Path("/", "shop"), IngressFixture.Path("/api", "shop-api")),
            IngressFixture.Rule(blogHost, IngressFixture.Path("/", "blog"), IngressFixture.Path("/admin", "blog-admin", "Exact")),
        ]);
        await fixture.RoutesAsync(
            $"{ns}/web: {shopHost}/ (Prefix) → {ns}/shop:80 (1 endpoints)", $"{ns}/web: {shopHost}/api (Prefix) → {ns}/shop-api:80 (1 endpoints)",
            $"{ns}/web: {blogHost}/ (Prefix) → {ns}/blog:80 (1 endpoints)", $"{ns}/web: {blogHost}/admin (Exact) → {ns}/blog-admin:80 (1 endpoints)");
        using var client = ProxyClients.Create();

        var answers = new Dictionary<string, string>();
        foreach (var (host, path) in new[]
        {
            (shopHost, "/"), (shopHost, "/cart"), (shopHost, "/api"), (shopHost, "/api/items/7"), (shopHost, "/apiary"),
            (blogHost, "/"), (blogHost, "/admin"), (blogHost, "/admin/users"), (blogHost.ToUpperInvariant(), "/admin"),
        })
        {
            var (status, body) = await IngressFixture.GetAsync(client, host, path);
            Assert.True(status == HttpStatusCode.OK, $"{host}{path}: {(int)status} {body}");
            var echo = JsonNode.Parse(body)!;
            Assert.Equal(path, echo["path"]!.GetValue<string>());
            answers[$"{host}{path}"] = echo["backend"]!.GetValue<string>();
            Assert.Equal(host, echo["headers"]!["host"]!.GetValue<string>());
            Assert.Equal(host, echo["headers"]!["x-forwarded-host"]!.GetValue<string>());
            Assert.Equal("http", echo["headers"]!["x-forwarded-proto"]!.GetValue<string>());
        }

        Assert.Equal(new Dictionary<string, string>
        {
            [$"{shopHost}/"] = "shop", [$"{shopHost}/cart"] = "shop", [$"{shopHost}/api"] = "shop-api", [$"{shopHost}/api/items/7"] = "shop-api",
            [$"{shopHost}/apiary"] = "shop", [$"{blogHost}/"] = "blog", [$"{blogHost}/admin"] = "blog-admin", [$"{blogHost}/admin/users"] = "blog",
            [$"{blogHost.ToUpperInvariant()}/admin"] = "blog-admin",
        }, answers);
    }

    [Fact]
    public async Task TlsPresentsTheSecretsCertificateForItsHostAndPicksUpARenewal()
    {
        await using var site = await TestBackend.EchoAsync("site");
        var ns = await fixture.NamespaceAsync();
        await fixture.ServiceAsync(ns, "site", site);
        var host = $"secure.{ns}.test";
        var (secret, certificate) = TlsSecrets.Create(ns, "site-tls", host);
        secret["metadata"]!.AsObject().Remove("uid");
        secret["metadata"]!.AsObject().Remove("resourceVersion");
        await fixture.Client.CreateAsync(ResourceTypes.Secret, secret);
        await fixture.CreateIngressAsync(ns, "secure", [IngressFixture.Rule(host, IngressFixture.Path("/", "site"))],
            tls: [new JsonObject { ["hosts"] = new JsonArray(host), ["secretName"] = "site-tls" }]);
        await fixture.RoutesAsync($"{ns}/secure: {host}/ (Prefix) → {ns}/site:80 (1 endpoints), redirect to https");
        var seen = new List<X509Certificate2>();
        using var client = IngressFixture.TlsClient(seen);
        var url = $"https://{host}:{ProxyCluster.IngressHttpsPort}/hello";

        // The certificate arrives with the Secret through its informer, a moment after the route.
        await ProxyCluster.EventuallyAsync(async () =>
        {
            seen.Clear();
            using var _ = await client.GetAsync(url);
            return seen.Single().Thumbprint == certificate.Thumbprint;
        }, () => $"the secret's certificate for {host}; saw {seen.LastOrDefault()?.Subject}");
        var echo = await client.GetJsonAsync(url);
        Assert.Equal("site", echo["backend"]!.GetValue<string>());
        Assert.Equal("https", echo["headers"]!["x-forwarded-proto"]!.GetValue<string>());
        // HTTP/2 by ALPN on the TLS port, to an HTTP/1.1 backend.
        using (var h2 = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, url) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact }))
        {
            Assert.Equal((HttpStatusCode.OK, HttpVersion.Version20), (h2.StatusCode, h2.Version));
        }

        // Another name gets the fallback certificate (and, with no rule for it, a 404).
        seen.Clear();
        using (var other = await client.GetAsync($"https://other.{ns}.test:{ProxyCluster.IngressHttpsPort}/"))
        {
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        }
        Assert.Equal(FallbackCertificate.Subject, seen.Single().Subject);

        // A renewed certificate in the same Secret serves from the next handshake on, without a restart.
        var (renewed, renewedCertificate) = TlsSecrets.Create(ns, "site-tls", host);
        var current = await fixture.Client.GetAsync(ResourceTypes.Secret, ns, "site-tls");
        current["data"] = renewed["data"]!.DeepClone();
        await fixture.Client.UpdateAsync(ResourceTypes.Secret, current);
        await ProxyCluster.EventuallyAsync(async () =>
        {
            seen.Clear();
            using var _ = await client.GetAsync(url);
            return seen.Single().Thumbprint == renewedCertificate.Thumbprint;
        }, () => $"the renewed certificate; saw {seen.LastOrDefault()?.Thumbprint}");
    }

    [Fact]
    public async Task UnmatchedRequestsGet404AndBackendsThatCannotServe503WithTheReason()
    {
        await using var app = await TestBackend.EchoAsync("app");
        var ns = await fixture.NamespaceAsync();
        await fixture.ServiceAsync(ns, "app", app);
        await fixture.ServiceAsync(ns, "idle", app, ready: false);
        var host = $"errors.{ns}.test";
        await fixture.CreateIngressAsync(ns, "errors",
        [
            IngressFixture.Rule(host, IngressFixture.Path("/app", "app"), IngressFixture.Path("/idle", "idle"), IngressFixture.Path("/gone", "nosuch")),
        ]);
        await fixture.RoutesAsync($"{ns}/errors: {host}/app (Prefix) → {ns}/app:80 (1 endpoints)", $"{ns}/errors: {host}/idle (Prefix) → {ns}/idle:80 (0 endpoints)");
        using var client = ProxyClients.Create();

        Assert.Equal((HttpStatusCode.OK, "app"), await StatusAndBackend(client, host, "/app/x"));
        Assert.Equal((HttpStatusCode.NotFound, $"no ingress rule matches host \"{host}\" and path \"/elsewhere\"\n"), await IngressFixture.GetAsync(client, host, "/elsewhere"));
        Assert.Equal((HttpStatusCode.NotFound, $"no ingress rule matches host \"nobody.{ns}.test\" and path \"/app\"\n"), await IngressFixture.GetAsync(client, $"nobody.{ns}.test", "/app"));
        Assert.Equal((HttpStatusCode.ServiceUnavailable, $"no ready endpoints for service {ns}/idle:http\n"), await IngressFixture.GetAsync(client, host, "/idle"));
        Assert.Equal((HttpStatusCode.ServiceUnavailable, $"service {ns}/nosuch not found\n"), await IngressFixture.GetAsync(client, host, "/gone"));
    }

    [Fact]
    public async Task AnIngressWithoutClassIsServedBecauseObsIsTheDefaultClass()
    {
        await using var app = await TestBackend.EchoAsync("classless");
        var ns = await fixture.NamespaceAsync();
        await fixture.ServiceAsync(ns, "classless", app);
        var host = $"classless.{ns}.test";
        await fixture.CreateIngressAsync(ns, "classless", [IngressFixture.Rule(host, IngressFixture.Path("/", "classless"))], className: null);
        await fixture.RoutesAsync($"{ns}/classless: {host}/ (Prefix) → {ns}/classless:80 (1 endpoints)");
        using var client = ProxyClients.Create();

        Assert.Equal((HttpStatusCode.OK, "classless"), await StatusAndBackend(client, host, "/"));
        var obsClass = await fixture.Client.GetAsync(ResourceTypes.IngressClass, null, "obs");
        Assert.Equal("obs.dev/ingress", obsClass["spec"]!["controller"]!.GetValue<string>());
    }

    [Fact]
    public async Task RequestsAreCountedPerIngressAndBackendService()
    {
        await using var api = await TestBackend.EchoAsync("api");
        var ns = await fixture.NamespaceAsync();
        await fixture.ServiceAsync(ns, "api", api);
        var host = $"metrics.{ns}.test";
        await fixture.CreateIngressAsync(ns, "front", [IngressFixture.Rule(host, IngressFixture.Path("/api", "api"), IngressFixture.Path("/gone", "nosuch"))]);
        await fixture.RoutesAsync($"{ns}/front: {host}/api (Prefix) → {ns}/api:80 (1 endpoints)");
        using var client = ProxyClients.Create();
        for (var i = 0; i < 3; i++) await IngressFixture.GetAsync(client, host, "/api/v1");
        await IngressFixture.GetAsync(client, host, "/gone");
        await IngressFixture.GetAsync(client, host, "/nothing-here");

        var text = "";
        await ProxyCluster.EventuallyAsync(
            () => (text = fixture.Scrape()).Contains(
                $"http_server_request_duration_seconds_count{{http_request_method=\"GET\",http_response_status_code=\"200\",ingress=\"front\",namespace=\"{ns}\",service=\"api\"}} 3\n",
                StringComparison.Ordinal),
            () => "the ingress's requests in the histogram:\n" + text);
        Assert.Contains($"http_server_request_duration_seconds_count{{http_request_method=\"GET\",http_response_status_code=\"503\",ingress=\"front\",namespace=\"{ns}\",service=\"nosuch\"}} 1\n", text);
        Assert.Matches("http_server_request_duration_seconds_count\\{http_request_method=\"GET\",http_response_status_code=\"404\",ingress=\"_unmatched\"\\} [1-9]", text);
        // The request path never becomes a label.
        Assert.DoesNotContain("/api/v1", text);
    }

    private static async Task<(HttpStatusCode, string)> StatusAndBackend(HttpClient client, string host, string path)
    {
        var (status, body) = await IngressFixture.GetAsync(client, host, path);
        return (status, status == HttpStatusCode.OK ? JsonNode.Parse(body)!["backend"]!.GetValue<string>() : body);
    }
}
