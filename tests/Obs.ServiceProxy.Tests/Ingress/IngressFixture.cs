using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Obs.Api.Resources;
using Obs.Testing;

namespace Obs.ServiceProxy.Tests.Ingress;

/// <summary>Ingresses, their services and clients for the ingress ports of the shared <see cref="ProxyCluster"/>.</summary>
internal static class IngressFixture
{
    /// <summary>A service <paramref name="name"/> with port "http" 80 whose one endpoint is <paramref name="backend"/> (ready unless said otherwise).</summary>
    public static async Task ServiceAsync(this ProxyCluster fixture, string ns, string name, TestBackend backend, bool ready = true)
    {
        await fixture.CreateServiceAsync(ns, name, ProxyCluster.NextClusterIp(), [ProxyCluster.Port("http", 80)]);
        await fixture.CreateSliceAsync(ProxyCluster.Slice(ns, name, name + "-0", [("127.0.0.1", ready)], ("http", backend.Port, "TCP")));
    }

    public static JsonObject Path(string path, string service, string pathType = "Prefix") => new()
    {
        ["path"] = path,
        ["pathType"] = pathType,
        ["backend"] = new JsonObject { ["service"] = new JsonObject { ["name"] = service, ["port"] = new JsonObject { ["number"] = 80 } } },
    };

    public static JsonObject Rule(string host, params JsonObject[] paths) => new()
    {
        ["host"] = host,
        ["http"] = new JsonObject { ["paths"] = new JsonArray([.. paths]) },
    };

    public static Task<JsonObject> CreateIngressAsync(this ProxyCluster fixture, string ns, string name, JsonArray rules, JsonArray? tls = null, string? className = "obs",
        JsonObject? annotations = null)
    {
        var spec = new JsonObject { ["rules"] = rules };
        if (className is not null) spec["ingressClassName"] = className;
        if (tls is not null) spec["tls"] = tls;
        return fixture.Client.CreateAsync(ResourceTypes.Ingress, new JsonObject
        {
            ["apiVersion"] = "networking.k8s.io/v1",
            ["kind"] = "Ingress",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["annotations"] = annotations ?? [] },
            ["spec"] = spec,
        });
    }

    /// <summary>Waits until the proxy routes <paramref name="route"/> (a line of <see cref="ServiceProxyHost.IngressRoutes"/>) and listens on both ingress ports.</summary>
    public static Task RoutesAsync(this ProxyCluster fixture, params string[] routes) =>
        ProxyCluster.EventuallyAsync(
            () => routes.All(fixture.Proxy.IngressRoutes.Contains)
                && fixture.Proxy.Serving.Count(s => s.Contains(" → ingress (", StringComparison.Ordinal)) == 2,
            () => $"the ingress routes {string.Join("; ", routes)}; routes: {string.Join("; ", fixture.Proxy.IngressRoutes)}; serving: {string.Join("; ", fixture.Proxy.Serving)}; failed: {string.Join("; ", fixture.Proxy.FailedListeners)}");

    public static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient client, string host, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{ProxyCluster.NodeAddress}:{ProxyCluster.IngressHttpPort}{path}");
        request.Headers.Host = host;
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// An HTTPS client that reaches the ingress HTTPS port whatever the URL's host (so the URL's host is the SNI
    /// name) and records the certificate each handshake presented, trusting it whatever it is.
    /// </summary>
    public static HttpClient TlsClient(List<X509Certificate2> seen)
    {
        var handler = PinnedTlsHandler.Create(new IPEndPoint(ProxyCluster.NodeAddress, ProxyCluster.IngressHttpsPort), certificate =>
        {
            lock (seen) seen.Add(certificate);
        });
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }
}
