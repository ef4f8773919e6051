using System.Net.Sockets;
using Obs.Api.Objects;
using System.Text;
using Obs.NodeAgent.Tests.Agent;

namespace Obs.NodeAgent.Tests.PortForward;

/// <summary>
/// The real kubectl forwarding to a pod run by a real agent through a real apiserver: over the
/// WebSocket tunnel kubectl 1.31+ tries first, over the SPDY upgrade it falls back to (and older
/// kubectls only speak), to a port the agent moved, and to ports that cannot be reached.
/// </summary>
public sealed class KubectlPortForwardTests(AgentCluster agent) : IClassFixture<AgentCluster>
{
    /// <summary>A small HTTP server on $PORT: /bytes/N answers N bytes of a known pattern, anything else a greeting.</summary>
    private const string Server = """
        import http.server, os
        class H(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path.startswith('/bytes/'):
                    body = bytes(i % 251 for i in range(int(self.path[7:])))
                else:
                    body = ('hello from ' + os.environ['POD'] + ' at ' + self.path).encode()
                self.send_response(200)
                self.send_header('Content-Length', str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *args):
                pass
        http.server.ThreadingHTTPServer(('127.0.0.1', int(os.environ['PORT'])), H).serve_forever()
        """;

    private static readonly Dictionary<string, string> NoWebSockets = new() { ["KUBECTL_PORT_FORWARD_WEBSOCKETS"] = "false" };

    [Fact]
    public async Task HttpThroughTheWebSocketTunnelReachesThePodOnThePortTheAgentMovedItTo()
    {
        // The declared port is taken on the node, so the agent starts the server elsewhere.
        using var taken = new TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var declared = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var ns = await StartServerAsync("web", declared);
        var pod = await agent.Client.GetAsync(Obs.Api.Resources.ResourceTypes.Pod, ns, "web");
        Assert.NotEqual(declared, Obs.Api.Objects.AssignedPorts.Resolve(pod, declared));

        await using var forward = await ForwardAsync(new Dictionary<string, string>(), "pod/web", "-n", ns, $":{declared}");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        Assert.Equal("hello from web at /first", await http.GetStringAsync($"http://127.0.0.1:{forward.Port}/first"));
        // Over 64 KB: more than one flow-control window of SPDY/3.1.
        var big = await http.GetByteArrayAsync($"http://127.0.0.1:{forward.Port}/bytes/1000000");
        Assert.Equal(Pattern(1_000_000), big);

        // Two connections open at once, answered in the opposite order they were opened.
        using var one = await ConnectAsync(forward.Port);
        using var two = await ConnectAsync(forward.Port);
        var second = RequestAsync(two, "/two");
        var first = RequestAsync(one, "/one");
        Assert.EndsWith("hello from web at /two", await second);
        Assert.EndsWith("hello from web at /one", await first);
        Assert.DoesNotContain("error", forward.StdErr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SpdyUpgradeWhenKubectlDoesNotTunnelCarriesTheSameBytes()
    {
        var port = Obs.Testing.FreePort.Next();
        var ns = await StartServerAsync("old", port);
        await using var forward = await ForwardAsync(NoWebSockets, "pod/old", "-n", ns, $":{port}", "-v=6");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        Assert.Equal("hello from old at /spdy", await http.GetStringAsync($"http://127.0.0.1:{forward.Port}/spdy"));
        Assert.Equal(Pattern(300_000), await http.GetByteArrayAsync($"http://127.0.0.1:{forward.Port}/bytes/300000"));
        // kubectl -v=6 logs the upgrade it made: the HTTP/1.1 SPDY one is a POST, the tunnel a GET.
        Assert.Matches(@"POST https://\S+/portforward 101 Switching Protocols", forward.StdErr);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task APortNothingListensOnAndAnUndeclaredPortGiveKubectlsErrorWithTheReason(bool spdy)
    {
        var ns = await agent.NamespaceAsync();
        var quiet = Obs.Testing.FreePort.Next();
        await agent.CreatePodAsync(ns, $$$"""{"metadata":{"name":"quiet"},"spec":{"containers":[{"name":"main","command":["sleep","3600"],"ports":[{"containerPort":{{{quiet}}}}]}]}}""");
        await agent.WaitForPodAsync(ns, "quiet", p => AgentCluster.Phase(p) == "Running", "Running");
        var environment = spdy ? NoWebSockets : new Dictionary<string, string>();

        await using (var forward = await ForwardAsync(environment, "pod/quiet", "-n", ns, $":{quiet}"))
        {
            using var connection = await ConnectAsync(forward.Port);
            await connection.GetStream().WriteAsync("GET / HTTP/1.0\r\n\r\n"u8.ToArray());
            Assert.Equal(0, await connection.GetStream().ReadAsync(new byte[16]));
            await forward.WaitForErrorAsync($"an error occurred forwarding {forward.Port} -> {quiet}: error forwarding port {quiet} to pod {ns}/quiet: nothing accepts connections on port {quiet}: connection refused");
        }

        var undeclared = quiet == 65535 ? quiet - 1 : quiet + 1;
        await using (var forward = await ForwardAsync(environment, "pod/quiet", "-n", ns, $":{undeclared}"))
        {
            using var connection = await ConnectAsync(forward.Port);
            Assert.Equal(0, await connection.GetStream().ReadAsync(new byte[16]));
            await forward.WaitForErrorAsync($"error forwarding port {undeclared} to pod {ns}/quiet: the pod declares no containerPort {undeclared} (it declares {quiet}/TCP)");
        }
        await agent.Cluster.KubectlOkAsync("delete", "pod", "quiet", "-n", ns, "--grace-period=1");
    }

    private async Task<string> StartServerAsync(string name, int port)
    {
        var ns = await agent.NamespaceAsync();
        var pod = new System.Text.Json.Nodes.JsonObject
        {
            ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = name },
            ["spec"] = new System.Text.Json.Nodes.JsonObject
            {
                ["containers"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
                {
                    ["name"] = "main",
                    ["command"] = new System.Text.Json.Nodes.JsonArray("python3", "-c", Server),
                    ["env"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["name"] = "POD", ["value"] = name }),
                    ["ports"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["containerPort"] = port }),
                    ["readinessProbe"] = System.Text.Json.Nodes.JsonNode.Parse($$"""{"tcpSocket":{"port":{{port}}},"periodSeconds":1}"""),
                }),
            },
        };
        await agent.CreatePodAsync(ns, pod.ToJsonString());
        await agent.WaitForPodAsync(ns, name, p => AgentCluster.Status(p, "main")?.BoolAt("ready") == true, "Ready");
        return ns;
    }

    private Task<ServingKubectl> ForwardAsync(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        KubectlPortForward.StartAsync(agent.Cluster.Kubeconfig, Path.Combine(agent.StateDirectory, "kubectl-cache"), environment, args);

    private static async Task<TcpClient> ConnectAsync(int port)
    {
        var client = new TcpClient { ReceiveTimeout = 60_000 };
        await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
        return client;
    }

    private static async Task<string> RequestAsync(TcpClient client, string path)
    {
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.0\r\n\r\n"));
        using var reader = new StreamReader(stream);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await reader.ReadToEndAsync(timeout.Token);
    }

    private static byte[] Pattern(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++) bytes[i] = (byte)(i % 251);
        return bytes;
    }
}
