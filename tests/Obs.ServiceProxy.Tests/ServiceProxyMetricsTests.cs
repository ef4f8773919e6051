using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Obs.Testing;

namespace Obs.ServiceProxy.Tests;

/// <summary>The RED histogram as Prometheus would scrape it from the agent's /metrics.</summary>
[Collection(ProxyCollection.Name)]
public sealed class ServiceProxyMetricsTests(ProxyCluster fixture)
{
    private async Task<(string Ns, IPAddress Ip)> StatusServiceAsync(string name, JsonObject? annotations = null)
    {
        // /fail answers 500, /missing 404, anything else 200.
        var backend = await TestBackend.StartAsync(name, app => app.Run(context =>
        {
            context.Response.StatusCode = context.Request.Path.Value switch
            {
                "/fail" => 500,
                "/missing" => 404,
                _ => 200,
            };
            return Task.CompletedTask;
        }));
        _backends.Add(backend);
        var ns = await fixture.NamespaceAsync();
        var ip = ProxyCluster.NextClusterIp();
        await fixture.CreateServiceAsync(ns, name, ip, [ProxyCluster.Port("http", 80)], annotations: annotations);
        await fixture.CreateSliceAsync(ProxyCluster.Slice(ns, name, name + "-0", [("127.0.0.1", true)], ("http", backend.Port, "TCP")));
        await fixture.EndpointsAsync(ip, 80, 1);
        return (ns, ip);
    }

    private readonly List<TestBackend> _backends = [];

    private static async Task SendAsync(HttpClient client, string method, string url, int times)
    {
        for (var i = 0; i < times; i++)
        {
            using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));
        }
    }

    private async Task<string> ScrapeWhenCountedAsync(string ns, int total)
    {
        string text = "";
        await ProxyCluster.EventuallyAsync(() =>
        {
            text = fixture.Scrape();
            var sum = text.Split('\n')
                .Where(l => l.StartsWith("http_server_request_duration_seconds_count{", StringComparison.Ordinal) && l.Contains($"namespace=\"{ns}\"", StringComparison.Ordinal))
                .Sum(l => long.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
            return sum == total;
        }, () => $"{total} requests in the histogram:\n{text}");
        return text;
    }

    [Fact]
    public async Task RequestsAreCountedByMethodAndStatusWithUnknownMethodsFolded()
    {
        var (ns, ip) = await StatusServiceAsync("red");
        using var client = ProxyClients.Create();
        await SendAsync(client, "GET", $"http://{ip}/ok", 3);
        await SendAsync(client, "POST", $"http://{ip}/fail", 2);
        await SendAsync(client, "GET", $"http://{ip}/missing", 1);
        await SendAsync(client, "FROB", $"http://{ip}/ok", 2);
        await SendAsync(client, "PURGE", $"http://{ip}/ok", 1);

        var text = await ScrapeWhenCountedAsync(ns, 9);
        var labels = $"namespace=\"{ns}\",service=\"red\"";
        Assert.Contains($"http_server_request_duration_seconds_count{{http_request_method=\"GET\",http_response_status_code=\"200\",{labels}}} 3\n", text);
        Assert.Contains($"http_server_request_duration_seconds_count{{http_request_method=\"POST\",http_response_status_code=\"500\",{labels}}} 2\n", text);
        Assert.Contains($"http_server_request_duration_seconds_count{{http_request_method=\"GET\",http_response_status_code=\"404\",{labels}}} 1\n", text);
        Assert.Contains($"http_server_request_duration_seconds_count{{http_request_method=\"_OTHER\",http_response_status_code=\"200\",{labels}}} 3\n", text);
        Assert.DoesNotContain("FROB", text);
        Assert.DoesNotContain("http_route", string.Join('\n', text.Split('\n').Where(l => l.Contains(labels, StringComparison.Ordinal))));
        // The OpenTelemetry buckets, in order, ending with +Inf equal to the count.
        var buckets = text.Split('\n')
            .Where(l => l.StartsWith("http_server_request_duration_seconds_bucket{http_request_method=\"POST\",http_response_status_code=\"500\"", StringComparison.Ordinal) && l.Contains(labels, StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf("le=\"", StringComparison.Ordinal) + 4)..l.IndexOf("\"}", StringComparison.Ordinal)])
            .ToList();
        Assert.Equal(["0.005", "0.01", "0.025", "0.05", "0.075", "0.1", "0.25", "0.5", "0.75", "1", "2.5", "5", "7.5", "10", "+Inf"], buckets);
        Assert.Contains($"http_server_request_duration_seconds_bucket{{http_request_method=\"POST\",http_response_status_code=\"500\",{labels},le=\"+Inf\"}} 2\n", text);
    }

    [Fact]
    public async Task RouteLabelAppearsOnlyForDeclaredRoutes()
    {
        var (ns, ip) = await StatusServiceAsync("routed", new JsonObject { ["obs.dev/routes"] = "/api/users/{id}, /healthz" });
        using var client = ProxyClients.Create();
        await SendAsync(client, "GET", $"http://{ip}/api/users/42", 1);
        await SendAsync(client, "GET", $"http://{ip}/api/users/7", 1);
        await SendAsync(client, "GET", $"http://{ip}/healthz", 1);
        await SendAsync(client, "GET", $"http://{ip}/elsewhere/1", 1);

        var text = await ScrapeWhenCountedAsync(ns, 4);
        var labels = $"namespace=\"{ns}\",service=\"routed\"";
        Assert.Contains($"http_server_request_duration_seconds_count{{http_request_method=\"GET\",http_response_status_code=\"200\",http_route=\"/api/users/{{id}}\",{labels}}} 2\n", text);
        Assert.Contains($"http_server_request_duration_seconds_count{{http_request_method=\"GET\",http_response_status_code=\"200\",http_route=\"/healthz\",{labels}}} 1\n", text);
        Assert.Contains($"http_server_request_duration_seconds_count{{http_request_method=\"GET\",http_response_status_code=\"200\",{labels}}} 1\n", text);
        Assert.DoesNotContain("/api/users/42", text);
    }

    [Fact]
    public async Task ScrapePassesPromtool()
    {
        var (ns, ip) = await StatusServiceAsync("lint");
        using var client = ProxyClients.Create();
        await SendAsync(client, "GET", $"http://{ip}/ok", 2);
        await ScrapeWhenCountedAsync(ns, 2);
        // Every family the proxy writes, TCP and UDP included.
        await using var tcpEcho = new TcpEchoServer();
        await using var udpEcho = new UdpEchoServer("u");
        var streamIp = ProxyCluster.NextClusterIp();
        await fixture.CreateServiceAsync(ns, "streams", streamIp, [ProxyCluster.Port("tcp", 9000), ProxyCluster.Port("udp", 9000, protocol: "UDP")]);
        await fixture.CreateSliceAsync(ProxyCluster.Slice(ns, "streams", "streams-0", [("127.0.0.1", true)], ("tcp", tcpEcho.Port, "TCP")));
        await fixture.CreateSliceAsync(ProxyCluster.Slice(ns, "streams", "streams-1", [("127.0.0.1", true)], ("udp", udpEcho.Port, "UDP")));
        await fixture.EndpointsAsync(streamIp, 9000, 1);
        await fixture.EndpointsAsync(streamIp, 9000, 1, "UDP");
        using (var tcp = new System.Net.Sockets.TcpClient())
        {
            await tcp.ConnectAsync(streamIp, 9000);
            await tcp.GetStream().WriteAsync(new byte[] { 1, 2, 3 });
            await tcp.GetStream().ReadExactlyAsync(new byte[3]).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        }
        using (var udp = new System.Net.Sockets.UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
        {
            await udp.SendAsync(new byte[] { 1 }, new IPEndPoint(streamIp, 9000));
            await udp.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(20));
        }
        var text = "";
        await ProxyCluster.EventuallyAsync(() => (text = fixture.Scrape()).Contains($"obs_proxy_tcp_connection_duration_seconds_count{{namespace=\"{ns}\",service=\"streams\"}} 1", StringComparison.Ordinal)
            && text.Contains($"obs_proxy_udp_datagrams_sent_total{{namespace=\"{ns}\",service=\"streams\"}} 1", StringComparison.Ordinal), () => "the TCP and UDP families:\n" + text);

        var check = await ProcessRunner.RunAsync(Promtool.Path, ["check", "metrics"], stdin: text);

        Assert.True(check.ExitCode == 0, $"promtool check metrics failed: {check}\n{text}");
        foreach (var family in new[]
        {
            "http_server_request_duration_seconds histogram", "obs_proxy_tcp_connections_opened_total counter", "obs_proxy_tcp_received_bytes_total counter",
            "obs_proxy_tcp_sent_bytes_total counter", "obs_proxy_tcp_connection_duration_seconds histogram", "obs_proxy_udp_datagrams_received_total counter",
            "obs_proxy_udp_datagrams_sent_total counter", "obs_proxy_listeners gauge", "obs_proxy_listener_bind_failures gauge",
        })
        {
            Assert.Contains($"# TYPE {family}\n", text);
        }
    }
}
