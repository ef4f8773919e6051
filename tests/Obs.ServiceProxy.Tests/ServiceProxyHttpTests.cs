using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Obs.ServiceProxy.Tests;

[Collection(ProxyCollection.Name)]
public sealed class ServiceProxyHttpTests(ProxyCluster fixture)
{
    private async Task<(string Ns, IPAddress Ip)> ServiceWithBackendsAsync(string name, IReadOnlyList<TestBackend> backends, Action<JsonObject>? spec = null, JsonObject? annotations = null)
    {
        var ns = await fixture.NamespaceAsync();
        var ip = ProxyCluster.NextClusterIp();
        await fixture.CreateServiceAsync(ns, name, ip, [ProxyCluster.Port("http", 80)], spec, annotations);
        for (var i = 0; i < backends.Count; i++)
        {
            await fixture.CreateSliceAsync(ProxyCluster.Slice(ns, name, $"{name}-{i}", [("127.0.0.1", true)], ("http", backends[i].Port, "TCP")));
        }
        await fixture.ServingAsync(ip, 80, ns, name);
        await fixture.EndpointsAsync(ip, 80, backends.Count);
        return (ns, ip);
    }

    [Fact]
    public async Task ConnectionsAlternateBetweenTwoReadyEndpoints()
    {
        await using var a = await TestBackend.EchoAsync("a");
        await using var b = await TestBackend.EchoAsync("b");
        var (_, ip) = await ServiceWithBackendsAsync("rr", [a, b]);
        // A new connection per request: like kube-proxy, the proxy balances connections, not the requests on them.
        using var client = ProxyClients.Create(pooled: false);

        var answers = new List<string>();
        for (var i = 0; i < 10; i++) answers.Add(await client.BackendAsync($"http://{ip}/"));

        Assert.Equal(5, answers.Count(x => x == "a"));
        Assert.Equal(5, answers.Count(x => x == "b"));
        for (var i = 1; i < answers.Count; i++) Assert.NotEqual(answers[i - 1], answers[i]);
    }

    [Fact]
    public async Task KeepAliveConnectionStaysWithItsEndpoint()
    {
        await using var a = await TestBackend.EchoAsync("a");
        await using var b = await TestBackend.EchoAsync("b");
        var (_, ip) = await ServiceWithBackendsAsync("pinned", [a, b]);
        using var client = ProxyClients.Create();

        var answers = new List<string>();
        for (var i = 0; i < 6; i++) answers.Add(await client.BackendAsync($"http://{ip}/"));

        Assert.Single(answers.Distinct());
    }

    [Fact]
    public async Task ClientIpAffinityKeepsEachClientOnOneEndpoint()
    {
        await using var a = await TestBackend.EchoAsync("a");
        await using var b = await TestBackend.EchoAsync("b");
        var ns = await fixture.NamespaceAsync();
        var ip = ProxyCluster.NextClusterIp();
        await fixture.CreateServiceAsync(ns, "sticky", ip, [ProxyCluster.Port("http", 80)], spec =>
        {
            spec["sessionAffinity"] = "ClientIP";
            spec["sessionAffinityConfig"] = new JsonObject { ["clientIP"] = new JsonObject { ["timeoutSeconds"] = 600 } };
        });
        await fixture.CreateSliceAsync(ProxyCluster.Slice(ns, "sticky", "sticky-a", [("127.0.0.1", true)], ("http", a.Port, "TCP")));
        await fixture.CreateSliceAsync(ProxyCluster.Slice(ns, "sticky", "sticky-b", [("127.0.0.1", true)], ("http", b.Port, "TCP")));
        await fixture.EndpointsAsync(ip, 80, 2);

        using var first = ProxyClients.Create(IPAddress.Parse("127.0.0.11"), pooled: false);
        using var second = ProxyClients.Create(IPAddress.Parse("127.0.0.12"), pooled: false);
        var fromFirst = new List<string>();
        var fromSecond = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            fromFirst.Add(await first.BackendAsync($"http://{ip}/"));
            fromSecond.Add(await second.BackendAsync($"http://{ip}/"));
        }

        Assert.Single(fromFirst.Distinct());
        Assert.Single(fromSecond.Distinct());
        Assert.NotEqual(fromFirst[0], fromSecond[0]);
    }

    [Fact]
    public async Task ServiceWithoutReadyEndpointsAnswers503WithAClearBody()
    {
        await using var a = await TestBackend.EchoAsync("a");
        var ns = await fixture.NamespaceAsync();
        var ip = ProxyCluster.NextClusterIp();
        await fixture.CreateServiceAsync(ns, "empty", ip, [ProxyCluster.Port("http", 80)]);
        await fixture.CreateSliceAsync(ProxyCluster.Slice(ns, "empty", "empty-0", [("127.0.0.1", false)], ("http", a.Port, "TCP")));
        await fixture.ServingAsync(ip, 80, ns, "empty");
        await fixture.EndpointsAsync(ip, 80, 0);
        using var client = ProxyClients.Create();

        using var response = await client.GetAsync($"http://{ip}/anything");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal($"no ready endpoints for service {ns}/empty:http\n", await response.Content.ReadAsStringAsync());
        await ProxyCluster.EventuallyAsync(() => fixture.Scrape().Contains(
                $"http_server_request_duration_seconds_count{{http_request_method=\"GET\",http_response_status_code=\"503\",namespace=\"{ns}\",service=\"empty\"}} 1\n", StringComparison.Ordinal),
            () => "the 503 to be recorded");
    }

    [Fact]
    public async Task EndpointChangesReachTheProxy()
    {
        await using var a = await TestBackend.EchoAsync("a");
        await using var b = await TestBackend.EchoAsync("b");
        var (ns, ip) = await ServiceWithBackendsAsync("moving", [a]);
        using var client = ProxyClients.Create();
        Assert.Equal("a", await client.BackendAsync($"http://{ip}/"));

        await fixture.ReplaceSliceAsync(ProxyCluster.Slice(ns, "moving", "moving-0", [("127.0.0.1", true)], ("http", b.Port, "TCP")));
        await ProxyCluster.EventuallyAsync(async () => await client.BackendAsync($"http://{ip}/") == "b", () => "requests to reach b");
        for (var i = 0; i < 4; i++) Assert.Equal("b", await client.BackendAsync($"http://{ip}/"));

        // Marked not ready, the only endpoint stops receiving traffic.
        await fixture.ReplaceSliceAsync(ProxyCluster.Slice(ns, "moving", "moving-0", [("127.0.0.1", false)], ("http", b.Port, "TCP")));
        await ProxyCluster.EventuallyAsync(async () =>
        {
            using var response = await client.GetAsync($"http://{ip}/");
            return response.StatusCode == HttpStatusCode.ServiceUnavailable;
        }, () => "the not-ready endpoint to leave");
    }

    [Fact]
    public async Task NamedTargetPortsResolveThroughTheSlicePortNames()
    {
        await using var web = await TestBackend.EchoAsync("web");
        await using var admin = await TestBackend.EchoAsync("admin");
        var ns = await fixture.NamespaceAsync();
        var ip = ProxyCluster.NextClusterIp();
        await fixture.CreateServiceAsync(ns, "named", ip,
        [
            ProxyCluster.Port("http", 80, targetPort: "web"),
            ProxyCluster.Port("http-admin", 8080, targetPort: "admin"),
        ]);
        await fixture.CreateSliceAsync(ProxyCluster.Slice(ns, "named", "named-0", [("127.0.0.1", true)], ("http", web.Port, "TCP"), ("http-admin", admin.Port, "TCP")));
        await fixture.EndpointsAsync(ip, 80, 1);
        await fixture.EndpointsAsync(ip, 8080, 1);
        using var client = ProxyClients.Create();

        Assert.Equal("web", await client.BackendAsync($"http://{ip}/"));
        Assert.Equal("admin", await client.BackendAsync($"http://{ip}:8080/"));
    }

    [Fact]
    public async Task ResponseBodyStreamsChunkByChunk()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var backend = await TestBackend.StartAsync("stream", app => app.Run(async context =>
        {
            await context.Response.WriteAsync("first chunk;");
            await context.Response.Body.FlushAsync();
            await release.Task;
            await context.Response.WriteAsync("second chunk");
        }));
        var (_, ip) = await ServiceWithBackendsAsync("streaming", [backend]);
        using var client = ProxyClients.Create();

        using var response = await client.GetAsync($"http://{ip}/", HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64];
        var first = new StringBuilder();
        // The backend holds back the rest until the first chunk has arrived: a proxy that buffered would hang here.
        while (first.Length < "first chunk;".Length)
        {
            var read = await body.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
            Assert.NotEqual(0, read);
            first.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }
        Assert.Equal("first chunk;", first.ToString());
        release.SetResult();
        Assert.Equal("second chunk", await new StreamReader(body).ReadToEndAsync());
    }

    [Fact]
    public async Task RequestBodyStreamsToTheEndpoint()
    {
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var backend = await TestBackend.StartAsync("upload", app => app.Run(async context =>
        {
            var buffer = new byte[64];
            var read = await context.Request.Body.ReadAsync(buffer);
            received.SetResult(Encoding.UTF8.GetString(buffer, 0, read));
            await context.Response.WriteAsync("got " + await new StreamReader(context.Request.Body).ReadToEndAsync());
        }));
        var (_, ip) = await ServiceWithBackendsAsync("upload", [backend]);
        // A raw chunked upload, so that the test decides when each part leaves the client.
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(ip, 80);
        await using var stream = new NetworkStream(socket);
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"POST / HTTP/1.1\r\nHost: {ip}\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n8\r\npart one\r\n"));
        // The endpoint sees the first part while the client still holds the rest.
        Assert.Equal("part one", await received.Task.WaitAsync(TimeSpan.FromSeconds(20)));
        await stream.WriteAsync(Encoding.ASCII.GetBytes("8\r\npart two\r\n0\r\n\r\n"));
        var answer = await new StreamReader(stream).ReadToEndAsync();
        Assert.StartsWith("HTTP/1.1 200", answer);
        Assert.Contains("got part two", answer);
    }

    [Fact]
    public async Task H2cUpgradeRequestIsForwardedAsPlainHttp11WithItsBody()
    {
        await using var backend = await TestBackend.StartAsync("h2c", app => app.Run(async context =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            await context.Response.WriteAsync($"{context.Request.Protocol} upgrade=[{context.Request.Headers.Upgrade}] body=[{body}]");
        }));
        var (_, ip) = await ServiceWithBackendsAsync("h2c", [backend]);

        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(ip, 80);
        await using var stream = new NetworkStream(socket);
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST / HTTP/1.1\r\nHost: {ip}\r\nConnection: Upgrade, HTTP2-Settings, close\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\nContent-Length: 5\r\n\r\nhello"));
        var answer = await new StreamReader(stream).ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 200", answer);
        Assert.Contains("HTTP/1.1 upgrade=[] body=[hello]", answer);
    }

    [Fact]
    public async Task ForwardedHeadersAreAddedAndTheHostIsKept()
    {
        await using var a = await TestBackend.EchoAsync("a");
        var (_, ip) = await ServiceWithBackendsAsync("xff", [a]);
        using var client = ProxyClients.Create();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{ip}/who");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "10.1.2.3");

        using var response = await client.SendAsync(request);
        var headers = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["headers"]!;

        Assert.Equal("10.1.2.3, 127.0.0.1", headers["x-forwarded-for"]!.GetValue<string>());
        Assert.Equal("http", headers["x-forwarded-proto"]!.GetValue<string>());
        Assert.Equal(ip.ToString(), headers["x-forwarded-host"]!.GetValue<string>());
        Assert.Equal(ip.ToString(), headers["host"]!.GetValue<string>());
    }

    [Fact]
    public async Task HopByHopHeadersAreDroppedBothWays()
    {
        await using var backend = await TestBackend.StartAsync("hop", app => app.Run(async context =>
        {
            context.Response.Headers["Keep-Alive"] = "timeout=99";
            context.Response.Headers["X-Backend-Private"] = "1";
            context.Response.Headers["Connection"] = "X-Backend-Private";
            context.Response.Headers["X-Backend-Public"] = "1";
            await TestBackend.WriteEchoAsync(context, "hop");
        }));
        var (_, ip) = await ServiceWithBackendsAsync("hop", [backend]);

        // A raw request, so that exactly these headers go out.
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(ip, 80);
        await using var stream = new NetworkStream(socket);
        // (Kestrel keeps only the options of a request's Connection header, so extra names there never reach the proxy.)
        var head = $"GET /hop HTTP/1.1\r\nHost: {ip}\r\nConnection: close\r\nKeep-Alive: timeout=5\r\n" +
            "Proxy-Authorization: Basic Zm9vOmJhcg==\r\nProxy-Connection: keep-alive\r\nTE: gzip\r\nTrailer: X-Later\r\nX-Kept: yes\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var answer = await new StreamReader(stream).ReadToEndAsync();

        var split = answer.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var responseHead = answer[..split];
        var headers = JsonNode.Parse(answer[(split + 4)..].Trim())!["headers"]!.AsObject();
        Assert.StartsWith("HTTP/1.1 200", responseHead);
        Assert.Equal("yes", headers["x-kept"]!.GetValue<string>());
        foreach (var dropped in new[] { "connection", "keep-alive", "proxy-authorization", "proxy-connection", "te", "trailer" })
        {
            Assert.False(headers.ContainsKey(dropped), $"{dropped} reached the endpoint: {headers.ToJsonString()}");
        }
        Assert.Contains("X-Backend-Public: 1", responseHead);
        Assert.DoesNotContain("X-Backend-Private", responseHead);
        Assert.DoesNotContain("timeout=99", responseHead);
    }

    [Fact]
    public async Task WebSocketUpgradePassesThroughAndEchoes()
    {
        await using var backend = await TestBackend.StartAsync("ws", app =>
        {
            app.UseWebSockets();
            app.Run(async context =>
            {
                if (!context.WebSockets.IsWebSocketRequest)
                {
                    context.Response.StatusCode = 400;
                    return;
                }
                using var socket = await context.WebSockets.AcceptWebSocketAsync();
                var buffer = new byte[1024];
                while (true)
                {
                    var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                        return;
                    }
                    await socket.SendAsync(Encoding.UTF8.GetBytes("echo: " + Encoding.UTF8.GetString(buffer, 0, result.Count)), WebSocketMessageType.Text, true, CancellationToken.None);
                }
            });
        });
        var (_, ip) = await ServiceWithBackendsAsync("ws", [backend]);
        using var client = new ClientWebSocket();
        client.Options.Proxy = null;

        await client.ConnectAsync(new Uri($"ws://{ip}/socket"), CancellationToken.None);
        var buffer = new byte[1024];
        foreach (var message in new[] { "hello", "again" })
        {
            await client.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, CancellationToken.None);
            var result = await client.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal("echo: " + message, Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
    }

    [Fact]
    public async Task NodePortIsServedOnTheNodeAddress()
    {
        await using var a = await TestBackend.EchoAsync("a");
        var nodePort = ProxyCluster.FreeNodePort();
        var (_, ip) = await ServiceWithBackendsAsync("nodeport", [a], spec =>
        {
            spec["type"] = "NodePort";
            spec["ports"]![0]!["nodePort"] = nodePort;
        });
        using var client = ProxyClients.Create();

        await ProxyCluster.EventuallyAsync(() => fixture.Proxy.Serving.Any(s => s.StartsWith($"{ProxyCluster.NodeAddress}:{nodePort}/TCP", StringComparison.Ordinal)),
            () => $"the node port {nodePort}: {string.Join("; ", fixture.Proxy.Serving)} failed: {string.Join("; ", fixture.Proxy.FailedListeners)}");
        Assert.Equal("a", await client.BackendAsync($"http://{ProxyCluster.NodeAddress}:{nodePort}/"));
        Assert.Equal("a", await client.BackendAsync($"http://{ip}/"));
    }

    [Fact]
    public async Task RefusedEndpointIsSkippedBeforeAnythingIsSent()
    {
        await using var a = await TestBackend.EchoAsync("a");
        var closedPort = Obs.Testing.FreePort.Next();
        var ns = await fixture.NamespaceAsync();
        var ip = ProxyCluster.NextClusterIp();
        await fixture.CreateServiceAsync(ns, "retry", ip, [ProxyCluster.Port("http", 80)]);
        await fixture.CreateSliceAsync(ProxyCluster.Slice(ns, "retry", "retry-0", [("127.0.0.1", true)], ("http", a.Port, "TCP")));
        await fixture.CreateSliceAsync(ProxyCluster.Slice(ns, "retry", "retry-1", [("127.0.0.1", true)], ("http", closedPort, "TCP")));
        await fixture.EndpointsAsync(ip, 80, 2);
        // A connection per request, so that every other one is first sent to the endpoint that refuses.
        using var client = ProxyClients.Create(pooled: false);

        for (var i = 0; i < 6; i++) Assert.Equal("a", await client.BackendAsync($"http://{ip}/"));

        // The endpoint is chosen when the connection opens, before any byte of a request went out: POSTs with bodies move on too.
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.PostAsync($"http://{ip}/", new StringContent("x"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task ServiceWhoseEndpointRefusesAnswers502()
    {
        var ns = await fixture.NamespaceAsync();
        var ip = ProxyCluster.NextClusterIp();
        await fixture.CreateServiceAsync(ns, "refused", ip, [ProxyCluster.Port("http", 80)]);
        await fixture.CreateSliceAsync(ProxyCluster.Slice(ns, "refused", "refused-0", [("127.0.0.1", true)], ("http", Obs.Testing.FreePort.Next(), "TCP")));
        await fixture.EndpointsAsync(ip, 80, 1);
        using var client = ProxyClients.Create();

        using var response = await client.GetAsync($"http://{ip}/");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.StartsWith($"service {ns}/refused:http: endpoint 127.0.0.1:", await response.Content.ReadAsStringAsync());
    }
}
