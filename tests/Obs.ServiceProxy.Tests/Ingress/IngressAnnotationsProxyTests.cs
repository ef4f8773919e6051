using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Obs.ServiceProxy.Tests.Ingress;

/// <summary>
/// The ingress-nginx annotations users' manifests carry, served through the proxy's real ingress ports: the
/// redirect of TLS hosts from HTTP to HTTPS, and paths rewritten with the capture groups of a regular expression.
/// </summary>
[Collection(ProxyCollection.Name)]
public sealed class IngressAnnotationsProxyTests(ProxyCluster fixture)
{
    [Fact]
    public async Task PlainHttpToATlsHostGets308ToHttpsUnlessTheIngressTurnsItOff()
    {
        await using var site = await TestBackend.EchoAsync("site");
        var ns = await fixture.NamespaceAsync();
        await fixture.ServiceAsync(ns, "site", site);
        string secure = $"secure.{ns}.test", obsOff = $"obs-off.{ns}.test", nginxOff = $"nginx-off.{ns}.test", open = $"open.{ns}.test";
        JsonArray Tls(string host) => [new JsonObject { ["hosts"] = new JsonArray(host), ["secretName"] = "absent" }];
        await fixture.CreateIngressAsync(ns, "secure", [IngressFixture.Rule(secure, IngressFixture.Path("/", "site")), IngressFixture.Rule(open, IngressFixture.Path("/", "site"))],
            tls: Tls(secure));
        await fixture.CreateIngressAsync(ns, "obs-off", [IngressFixture.Rule(obsOff, IngressFixture.Path("/", "site"))], tls: Tls(obsOff),
            annotations: new JsonObject { ["obs.dev/ssl-redirect"] = "false" });
        await fixture.CreateIngressAsync(ns, "nginx-off", [IngressFixture.Rule(nginxOff, IngressFixture.Path("/", "site"))], tls: Tls(nginxOff),
            annotations: new JsonObject { ["nginx.ingress.kubernetes.io/ssl-redirect"] = "false" });
        await fixture.RoutesAsync($"{ns}/secure: {secure}/ (Prefix) → {ns}/site:80 (1 endpoints), redirect to https", $"{ns}/secure: {open}/ (Prefix) → {ns}/site:80 (1 endpoints)",
            $"{ns}/obs-off: {obsOff}/ (Prefix) → {ns}/site:80 (1 endpoints)", $"{ns}/nginx-off: {nginxOff}/ (Prefix) → {ns}/site:80 (1 endpoints)");
        using var client = ProxyClients.Create();

        using (var request = new HttpRequestMessage(HttpMethod.Post, $"http://{ProxyCluster.NodeAddress}:{ProxyCluster.IngressHttpPort}/cart/add?item=7") { Content = new StringContent("x") })
        {
            request.Headers.Host = $"{secure}:{ProxyCluster.IngressHttpPort}";
            using var redirected = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.PermanentRedirect, redirected.StatusCode);
            Assert.Equal($"https://{secure}:{ProxyCluster.IngressHttpsPort}/cart/add?item=7", redirected.Headers.Location!.OriginalString);
        }
        foreach (var host in new[] { obsOff, nginxOff, open })
        {
            var (status, body) = await IngressFixture.GetAsync(client, host, "/page");
            Assert.True(status == HttpStatusCode.OK, $"{host}: {(int)status} {body}");
        }
        // Over HTTPS the same host is served (the Secret is missing: the fallback certificate, which this client accepts).
        using var tls = IngressFixture.TlsClient([]);
        var echo = await tls.GetJsonAsync($"https://{secure}:{ProxyCluster.IngressHttpsPort}/cart");
        Assert.Equal(("site", "/cart"), (echo["backend"]!.GetValue<string>(), echo["path"]!.GetValue<string>()));

        var text = "";
        await ProxyCluster.EventuallyAsync(
            () => (text = fixture.Scrape()).Contains(
                $"http_server_request_duration_seconds_count{{http_request_method=\"POST\",http_response_status_code=\"308\",ingress=\"secure\",namespace=\"{ns}\",service=\"site\"}} 1\n",
                StringComparison.Ordinal),
            () => "the redirect counted under its Ingress:\n" + text);
    }

    /// <summary>A namespace with the service "app", whose backend answers with the path and query it was sent and the original URI the proxy passed on.</summary>
    private async Task<(string Ns, TestBackend App)> PathEchoServiceAsync()
    {
        var app = await TestBackend.StartAsync("app", web => web.Run(context =>
            context.Response.WriteAsync($"{context.Request.Path}{context.Request.QueryString} from {context.Request.Headers["X-Original-URI"]}")));
        var ns = await fixture.NamespaceAsync();
        await fixture.ServiceAsync(ns, "app", app);
        return (ns, app);
    }

    [Fact]
    public async Task RewriteTargetSendsTheCapturedRestOfThePathAndKeepsTheQuery()
    {
        var (ns, app) = await PathEchoServiceAsync();
        await using var _ = app;
        string regex = $"regex.{ns}.test", specific = $"specific.{ns}.test";
        await fixture.CreateIngressAsync(ns, "regex", [IngressFixture.Rule(regex, IngressFixture.Path("/something(/|$)(.*)", "app"))],
            annotations: new JsonObject { ["nginx.ingress.kubernetes.io/use-regex"] = "true", ["nginx.ingress.kubernetes.io/rewrite-target"] = "/$2" });
        await fixture.CreateIngressAsync(ns, "specific", [IngressFixture.Rule(specific, IngressFixture.Path("/v1/(.*)", "app", "ImplementationSpecific"))],
            annotations: new JsonObject { ["nginx.ingress.kubernetes.io/rewrite-target"] = "/api/$1" });
        await fixture.RoutesAsync($"{ns}/regex: {regex}/something(/|$)(.*) (Regex) → {ns}/app:80 (1 endpoints), rewrite to /$2",
            $"{ns}/specific: {specific}/v1/(.*) (Regex) → {ns}/app:80 (1 endpoints), rewrite to /api/$1");
        using var client = ProxyClients.Create();

        Assert.Equal((HttpStatusCode.OK, "/ from /something"), await IngressFixture.GetAsync(client, regex, "/something"));
        Assert.Equal((HttpStatusCode.OK, "/ from /something/"), await IngressFixture.GetAsync(client, regex, "/something/"));
        Assert.Equal((HttpStatusCode.OK, "/new/page?sort=asc from /Something/new/page?sort=asc"), await IngressFixture.GetAsync(client, regex, "/Something/new/page?sort=asc"));
        Assert.Equal(HttpStatusCode.NotFound, (await IngressFixture.GetAsync(client, regex, "/other/something")).Status);
        Assert.Equal((HttpStatusCode.OK, "/api/users/7 from /v1/users/7"), await IngressFixture.GetAsync(client, specific, "/v1/users/7"));
    }

    [Fact]
    public async Task RewriteTargetWithoutGroupsSendsTheTargetAndLeavesAPathThatIsItsOwnTargetAlone()
    {
        var (ns, app) = await PathEchoServiceAsync();
        await using var _ = app;
        var host = $"plain.{ns}.test";
        await fixture.CreateIngressAsync(ns, "plain", [IngressFixture.Rule(host, IngressFixture.Path("/", "app"), IngressFixture.Path("/api", "app"))],
            annotations: new JsonObject { ["nginx.ingress.kubernetes.io/rewrite-target"] = "/" });
        await fixture.RoutesAsync($"{ns}/plain: {host}/ (Prefix) → {ns}/app:80 (1 endpoints)", $"{ns}/plain: {host}/api (Regex) → {ns}/app:80 (1 endpoints), rewrite to /");
        using var client = ProxyClients.Create();

        Assert.Equal((HttpStatusCode.OK, "/?sort=asc from /api/users/7?sort=asc"), await IngressFixture.GetAsync(client, host, "/api/users/7?sort=asc"));
        Assert.Equal((HttpStatusCode.OK, "/ from /API"), await IngressFixture.GetAsync(client, host, "/API"));
        Assert.Equal((HttpStatusCode.OK, "/shop/cart?x=1 from "), await IngressFixture.GetAsync(client, host, "/shop/cart?x=1"));
    }
}
