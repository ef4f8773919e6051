using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.NodeAgent.Tests.Agent;
using Obs.NodeAgent.Tests.Metrics;

namespace Obs.NodeAgent.Tests.Proxy;

/// <summary>
/// pods/proxy, services/proxy and nodes/proxy driven by the real kubectl (<c>get --raw</c> and
/// <c>kubectl proxy</c>) through a real apiserver to a real agent's pods and its own endpoints; the
/// controllers run so the Service gets its EndpointSlices as it would in a cluster.
/// </summary>
public sealed class ProxySubresourceTests(AutoscalingCluster cluster) : IClassFixture<AutoscalingCluster>
{
    /// <summary>
    /// An http.server on $PORT: GET /dir redirects to /dir/, GET /forwarded answers the X-Forwarded-* headers it
    /// got, GET /chunked answers 200 in three chunks (upgrade or not), other GETs greet with the pod's name, the path
    /// and the Authorization header it got; other methods answer the method, the body's length and its SHA-256;
    /// a WebSocket upgrade echoes each short text message.
    /// </summary>
    private const string Server = """
        import base64, hashlib, http.server, os
        class H(http.server.BaseHTTPRequestHandler):
            protocol_version = 'HTTP/1.1'
            def answer(self, code, body, location=None):
                self.send_response(code)
                if location: self.send_header('Location', location)
                self.send_header('Content-Length', str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def echo(self):
                key = self.headers['Sec-WebSocket-Key'] + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11'
                self.send_response(101)
                self.send_header('Upgrade', 'websocket')
                self.send_header('Connection', 'Upgrade')
                self.send_header('Sec-WebSocket-Accept', base64.b64encode(hashlib.sha1(key.encode()).digest()).decode())
                self.end_headers()
                self.wfile.flush()
                while True:
                    first, second = self.rfile.read(2)
                    mask = self.rfile.read(4)
                    data = bytes(c ^ mask[i % 4] for i, c in enumerate(self.rfile.read(second & 127)))
                    if first & 15 == 8:
                        self.wfile.write(b'\x88\x00')
                        break
                    reply = b'echo ' + data
                    self.wfile.write(bytes([0x81, len(reply)]) + reply)
                self.close_connection = True
            def chunked(self):
                self.send_response(200)
                self.send_header('Transfer-Encoding', 'chunked')
                self.end_headers()
                for part in (b'first ', b'second ', b'third'):
                    self.wfile.write(b'%x\r\n%s\r\n' % (len(part), part))
                    self.wfile.flush()
                self.wfile.write(b'0\r\n\r\n')
            def do_GET(self):
                if self.path == '/chunked':
                    self.chunked()
                elif self.path == '/forwarded':
                    names = ('X-Forwarded-For', 'X-Forwarded-Proto', 'X-Forwarded-Host', 'X-Forwarded-Uri')
                    self.answer(200, '\n'.join('%s: %s' % (n, self.headers.get(n, '-')) for n in names).encode())
                elif self.headers.get('Upgrade', '').lower() == 'websocket':
                    self.echo()
                elif self.path == '/dir':
                    self.answer(301, b'', '/dir/')
                else:
                    self.answer(200, ('hello from %s at %s auth=%s' % (os.environ['POD'], self.path, self.headers.get('Authorization', '-'))).encode())
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get('Content-Length', '0')))
                self.answer(200, ('%s %s %d %s' % (self.command, self.path, len(body), hashlib.sha256(body).hexdigest())).encode())
            do_PUT = do_POST
            do_DELETE = do_POST
            def log_message(self, *args):
                pass
        http.server.ThreadingHTTPServer(('127.0.0.1', int(os.environ['PORT'])), H).serve_forever()
        """;

    private AgentCluster Agent => cluster.Agent;

    [Fact]
    public async Task GetRawThroughPodsProxyReachesThePortTheAgentMovedAndNeverHandsThePodTheCallersToken()
    {
        // The declared port is taken on the node, so the agent starts the server elsewhere.
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var declared = ((IPEndPoint)taken.LocalEndpoint).Port;
        var ns = await StartServerAsync("web", declared);

        Assert.Equal("hello from web at /hello?greeting=hi&x=1 auth=-",
            await Agent.Cluster.KubectlOkAsync("get", "--raw", $"/api/v1/namespaces/{ns}/pods/web:{declared}/proxy/hello?greeting=hi&x=1"));
        // No port is the first declared one; a port's name works too.
        Assert.Equal("hello from web at /a/b/ auth=-", await Agent.Cluster.KubectlOkAsync("get", "--raw", $"/api/v1/namespaces/{ns}/pods/web/proxy/a/b/"));
        Assert.Equal("hello from web at / auth=-", await Agent.Cluster.KubectlOkAsync("get", "--raw", $"/api/v1/namespaces/{ns}/pods/web:http/proxy/"));

        var undeclared = await Agent.Cluster.KubectlAsync("get", "--raw", $"/api/v1/namespaces/{ns}/pods/web:22/proxy/");
        Assert.NotEqual(0, undeclared.ExitCode);
        Assert.Contains($"pod \"web\" declares no containerPort 22 (it declares {declared}/TCP (http))", undeclared.StdErr);
        var missing = await Agent.Cluster.KubectlAsync("get", "--raw", $"/api/v1/namespaces/{ns}/pods/nope/proxy/");
        Assert.Contains("(NotFound)", missing.StdErr);
        Assert.Contains("pods \"nope\" not found", missing.StdErr);
    }

    [Fact]
    public async Task GetRawThroughServicesProxyReachesAReadyPodByThePortsNameOrNumber()
    {
        var port = Obs.Testing.FreePort.Next();
        var ns = await StartServerAsync("backend", port, labels: new JsonObject { ["app"] = "backend" });
        await Agent.Client.CreateAsync(ResourceTypes.Service, JsonNode.Parse($$$"""
            {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "backend", "namespace": "{{{ns}}}"},
             "spec": {"selector": {"app": "backend"}, "ports": [{"name": "http", "port": 80, "targetPort": {{{port}}}}]}}
            """)!.AsObject());
        // Once the endpoints controller lists the ready pod (a 503 before then is the apiserver's answer, which the fixture counts).
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !(await Agent.Client.ListAsync(ResourceTypes.EndpointSlice, ns)).Items
                   .Any(slice => (slice["endpoints"] as JsonArray ?? []).OfType<JsonObject>().Any(e => e.BoolAt("conditions", "ready") == true)))
            await Task.Delay(250);
        var answer = await Agent.Cluster.KubectlOkAsync("get", "--raw", $"/api/v1/namespaces/{ns}/services/backend:http/proxy/svc?q=1");
        Assert.Equal("hello from backend at /svc?q=1 auth=-", answer);
        Assert.Equal("hello from backend at /by-number auth=-", await Agent.Cluster.KubectlOkAsync("get", "--raw", $"/api/v1/namespaces/{ns}/services/backend:80/proxy/by-number"));
        Assert.Equal("hello from backend at /one-port auth=-", await Agent.Cluster.KubectlOkAsync("get", "--raw", $"/api/v1/namespaces/{ns}/services/backend/proxy/one-port"));
    }

    [Fact]
    public async Task GetRawThroughNodesProxyScrapesTheAgentsMetrics()
    {
        var metrics = await Agent.Cluster.KubectlOkAsync("get", "--raw", $"/api/v1/nodes/{Agent.NodeName}/proxy/metrics");
        Assert.Contains("# TYPE kubelet_running_pods gauge", metrics);
        Assert.Contains($"kubelet_node_name{{node=\"{Agent.NodeName}\"}} 1", metrics);
        Assert.Equal("ok", await Agent.Cluster.KubectlOkAsync("get", "--raw", $"/api/v1/nodes/{Agent.NodeName}:{Agent.Agent.Port}/proxy/healthz"));
        // The container families are there once a pod runs; the path is served either way.
        await Agent.Cluster.KubectlOkAsync("get", "--raw", $"/api/v1/nodes/{Agent.NodeName}/proxy/metrics/cadvisor");

        var notAPort = await Agent.Cluster.KubectlAsync("get", "--raw", $"/api/v1/nodes/{Agent.NodeName}:metrics/proxy/metrics");
        Assert.Contains($"invalid port \"metrics\" for node \"{Agent.NodeName}\"", notAPort.StdErr);
        var unknown = await Agent.Cluster.KubectlAsync("get", "--raw", "/api/v1/nodes/no-such-node/proxy/metrics");
        Assert.Contains("nodes \"no-such-node\" not found", unknown.StdErr);
    }

    [Fact]
    public async Task KubectlProxyCarriesEveryMethodAndBodyAndKeepsRedirectsUnderTheProxy()
    {
        var port = Obs.Testing.FreePort.Next();
        var ns = await StartServerAsync("site", port);
        await using var proxy = await KubectlProxy.StartAsync(Agent.Cluster.Kubeconfig, Path.Combine(Agent.StateDirectory, "kubectl-cache"));
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{proxy.Port}"), Timeout = TimeSpan.FromSeconds(60) };
        var pod = $"/api/v1/namespaces/{ns}/pods/site:{port}/proxy";

        var body = RandomNumberGenerator.GetBytes(1_000_000);
        using (var posted = await http.PostAsync($"{pod}/upload?x=1", new ByteArrayContent(body)))
            Assert.Equal($"POST /upload?x=1 1000000 {Convert.ToHexStringLower(SHA256.HashData(body))}", await posted.Content.ReadAsStringAsync());
        using (var put = await http.PutAsync($"{pod}/item", new StringContent("abc")))
            Assert.Equal($"PUT /item 3 {Convert.ToHexStringLower(SHA256.HashData("abc"u8.ToArray()))}", await put.Content.ReadAsStringAsync());
        using (var deleted = await http.DeleteAsync($"{pod}/item"))
            Assert.StartsWith("DELETE /item 0 ", await deleted.Content.ReadAsStringAsync());

        // The pod's redirect to /dir/ comes back under the proxy, and the proxy's own root gains its slash.
        using (var redirect = await http.GetAsync($"{pod}/dir"))
        {
            Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
            Assert.Equal($"{pod}/dir/", redirect.Headers.Location?.OriginalString);
        }
        using (var root = await http.GetAsync(pod))
        {
            Assert.Equal(HttpStatusCode.MovedPermanently, root.StatusCode);
            Assert.Equal($"{pod}/", root.Headers.Location?.OriginalString);
        }
        Assert.Equal("hello from site at /dir/ auth=-", await http.GetStringAsync($"{pod}/dir/"));
    }

    [Fact]
    public async Task AWebSocketThroughKubectlProxyReachesThePod()
    {
        var port = Obs.Testing.FreePort.Next();
        var ns = await StartServerAsync("socket", port);
        await using var proxy = await KubectlProxy.StartAsync(Agent.Cluster.Kubeconfig, Path.Combine(Agent.StateDirectory, "kubectl-cache"));
        using var socket = new System.Net.WebSockets.ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{proxy.Port}/api/v1/namespaces/{ns}/pods/socket/proxy/ws"), timeout.Token);
        foreach (var text in new[] { "one", "two" })
        {
            await socket.SendAsync(System.Text.Encoding.UTF8.GetBytes(text), System.Net.WebSockets.WebSocketMessageType.Text, true, timeout.Token);
            var buffer = new byte[256];
            var received = await socket.ReceiveAsync(buffer, timeout.Token);
            Assert.Equal($"echo {text}", System.Text.Encoding.UTF8.GetString(buffer, 0, received.Count));
        }
        await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, null, timeout.Token);
    }

    [Fact]
    public async Task TheTargetLearnsWhoAskedAndThroughWhichPathAsBehindKubeApiserver()
    {
        var ns = await StartServerAsync("asked", Obs.Testing.FreePort.Next());
        var pod = $"/api/v1/namespaces/{ns}/pods/asked/proxy";
        var host = new Uri(Agent.Cluster.Server).Authority;
        Assert.Equal($"X-Forwarded-For: 127.0.0.1\nX-Forwarded-Proto: https\nX-Forwarded-Host: {host}\nX-Forwarded-Uri: {pod}/forwarded",
            await Agent.Cluster.KubectlOkAsync("get", "--raw", $"{pod}/forwarded"));

        // What the client sent is kept, with each hop's address after it (kubectl proxy's, then the apiserver's).
        await using var proxy = await KubectlProxy.StartAsync(Agent.Cluster.Kubeconfig, Path.Combine(Agent.StateDirectory, "kubectl-cache"));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{proxy.Port}"), Timeout = TimeSpan.FromSeconds(60) };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{pod}/forwarded");
        request.Headers.Add("X-Forwarded-For", "10.1.2.3");
        using var answer = await http.SendAsync(request);
        var forwardedFor = (await answer.Content.ReadAsStringAsync()).Split('\n')[0];
        Assert.StartsWith("X-Forwarded-For: 10.1.2.3, ", forwardedFor);
        Assert.EndsWith(", 127.0.0.1", forwardedFor);
    }

    [Theory]
    [InlineData("kubernetes:https")]
    [InlineData("https:kubernetes:443")]
    public async Task GetRawThroughTheKubernetesServiceReachesTheApiserverItself(string service)
    {
        // The apiserver makes the `kubernetes` Service and its slice after it starts: a test run first found neither
        // (404), and a Service without its slice yet would be a 503, which fails the fixture's 5xx check.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && (await Agent.Client.TryGetAsync(ResourceTypes.Service, "default", "kubernetes") is null
            || !(await Agent.Client.ListAsync(ResourceTypes.EndpointSlice, "default")).Items.Any(s => s.StringAt("metadata", "labels", "kubernetes.io/service-name") == "kubernetes" && s["endpoints"] is JsonArray { Count: > 0 })))
            await Task.Delay(100);
        var version = JsonNode.Parse(await Agent.Cluster.KubectlOkAsync("get", "--raw", $"/api/v1/namespaces/default/services/{service}/proxy/version"))!;
        Assert.StartsWith("v1.", version["gitVersion"]!.GetValue<string>());
        Assert.Equal(version.ToJsonString(), JsonNode.Parse(await Agent.Cluster.KubectlOkAsync("get", "--raw", "/version"))!.ToJsonString());
    }

    [Fact]
    public async Task AServiceWhoseEndpointIsNoPodIsReachedAtItsAddress()
    {
        var port = Obs.Testing.FreePort.Next();
        var ns = await StartServerAsync("outside", port);
        await Agent.Client.CreateAsync(ResourceTypes.Service, JsonNode.Parse($$$"""
            {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "outside", "namespace": "{{{ns}}}"},
             "spec": {"ports": [{"name": "http", "port": 80}]}}
            """)!.AsObject());
        await Agent.Client.CreateAsync(ResourceTypes.EndpointSlice, JsonNode.Parse($$$"""
            {"apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
             "metadata": {"name": "outside-1", "namespace": "{{{ns}}}", "labels": {"kubernetes.io/service-name": "outside"}},
             "addressType": "IPv4", "endpoints": [{"addresses": ["127.0.0.1"], "conditions": {"ready": true}}],
             "ports": [{"name": "http", "port": {{{port}}}, "protocol": "TCP"}]}
            """)!.AsObject());
        // Once the apiserver's cache, which lists are served from, has the slice (a 503 before then would fail the fixture's 5xx check).
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && (await Agent.Client.ListAsync(ResourceTypes.EndpointSlice, ns)).Items.Count == 0)
            await Task.Delay(100);
        // The caller's token stays with the apiserver, as it does for a pod.
        var answer = await Agent.Cluster.KubectlOkAsync("get", "--raw", $"/api/v1/namespaces/{ns}/services/outside:http/proxy/direct");
        Assert.Equal("hello from outside at /direct auth=-", answer);
    }

    [Fact]
    public async Task GetRawThroughNodesProxyOnAnotherPortDialsTheNodesAddress()
    {
        var port = Obs.Testing.FreePort.Next();
        await StartServerAsync("on-node", port);
        Assert.Equal("hello from on-node at /node?x=1 auth=-", await Agent.Cluster.KubectlOkAsync("get", "--raw", $"/api/v1/nodes/{Agent.NodeName}:{port}/proxy/node?x=1"));
        Assert.Contains("X-Forwarded-Uri: /api/v1/nodes/", await Agent.Cluster.KubectlOkAsync("get", "--raw", $"/api/v1/nodes/{Agent.NodeName}:{port}/proxy/forwarded"));
    }

    [Fact]
    public async Task AChunkedAnswerToAnUpgradeRequestComesBackWhole()
    {
        var ns = await StartServerAsync("refuses", Obs.Testing.FreePort.Next());
        // Straight to the apiserver over HTTP/1.1 (an upgrade is HTTP/1.1's): kubectl proxy turns any answer but a 101 into its own 500.
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Agent.Cluster.Server}/api/v1/namespaces/{ns}/pods/refuses/proxy/chunked")
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.Connection.Add("Upgrade");
        request.Headers.Upgrade.Add(new System.Net.Http.Headers.ProductHeaderValue("websocket"));
        using var answer = await Agent.Cluster.Client.SendAsync(request);
        Assert.Equal((HttpStatusCode.OK, "first second third"), (answer.StatusCode, await answer.Content.ReadAsStringAsync()));
    }

    private async Task<string> StartServerAsync(string name, int port, JsonObject? labels = null)
    {
        var ns = await Agent.NamespaceAsync();
        var pod = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labels ?? new JsonObject() },
            ["spec"] = new JsonObject
            {
                ["terminationGracePeriodSeconds"] = 1,
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["name"] = "main",
                    ["command"] = new JsonArray("python3", "-c", Server),
                    ["env"] = new JsonArray(new JsonObject { ["name"] = "POD", ["value"] = name }),
                    ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = port, ["name"] = "http" }),
                    ["readinessProbe"] = JsonNode.Parse($$"""{"tcpSocket":{"port":{{port}}},"periodSeconds":1}"""),
                }),
            },
        };
        await Agent.CreatePodAsync(ns, pod.ToJsonString());
        await Agent.WaitForPodAsync(ns, name, p => AgentCluster.Status(p, "main")?.BoolAt("ready") == true, "Ready");
        return ns;
    }
}
