using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Config;
using Obs.Client.Rest;
using Obs.Testing;

namespace Obs.EndToEnd.Tests.Ingress;

/// <summary>
/// Ingress through a started node agent process (the native <c>obs-agent</c>, as <c>obs up</c> runs it; with <c>obs controllers</c> for the endpoints and the
/// Ingress's address) on ingress ports of its own: a request over HTTP reaches a real pod's server by host, one
/// over HTTPS gets the Secret's certificate for its SNI name, and plain HTTP to that TLS host is redirected.
/// </summary>
public sealed class IngressThroughAgentTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    /// <summary>A pod's server that answers with the path and Host it was sent.</summary>
    private const string Server = "import http.server,os\n" +
        "class H(http.server.BaseHTTPRequestHandler):\n" +
        "  def do_GET(s):\n" +
        "    b=('pod %s says %s to %s' % (os.environ['POD'], s.path, s.headers['Host'])).encode()\n" +
        "    s.send_response(200); s.send_header('Content-Length', str(len(b))); s.end_headers(); s.wfile.write(b)\n" +
        "  def log_message(s,*a): pass\n" +
        "http.server.HTTPServer(('127.0.0.1', int(os.environ['PORT'])), H).serve_forever()";

    [Fact]
    public async Task HttpByHostAndHttpsBySniReachARealPodThroughTheAgentsIngressPorts()
    {
        using var client = new ApiClient(KubeconfigFile.Load(cluster.Kubeconfig));
        var id = Guid.NewGuid().ToString("N")[..8];
        var (ns, node) = ($"ingress-{id}", $"node-{id}");
        int httpPort = FreePort.Next(), httpsPort = FreePort.Next(), podPort = FreePort.Next();
        var state = Path.Combine(Path.GetTempPath(), $"obs-ingress-agent-{id}");
        using var controllers = ObsProcess.Command("controllers", "--kubeconfig", cluster.Kubeconfig, "--no-leader-election");
        using var agent = ObsProcess.Agent("--kubeconfig", cluster.Kubeconfig, "--name", node, "--port", "0", "--state-dir", state, "--address", "127.0.0.1",
            "--ingress-http-port", Text(httpPort), "--ingress-https-port", Text(httpsPort));
        try
        {
            await WaitAsync(async () => await client.TryGetAsync(ResourceTypes.Node, null, node) is { } n && Ready(n), () => $"node {node} Ready; agent said: {agent.Output}");
            await client.CreateAsync(ResourceTypes.Namespace, Json($$$"""{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "{{{ns}}}"}}"""));
            var pod = Json($$$"""
                {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web", "namespace": "{{{ns}}}", "labels": {"app": "web"}},
                 "spec": {"nodeName": "{{{node}}}", "terminationGracePeriodSeconds": 1, "containers": [{"name": "main", "image": "python:3",
                   "command": ["python3", "-c", ""], "env": [{"name": "POD", "value": "web"}], "ports": [{"containerPort": {{{podPort}}}}]}]}}
                """);
            pod["spec"]!["containers"]![0]!["command"]![2] = Server;
            await client.CreateAsync(ResourceTypes.Pod, pod);
            await client.CreateAsync(ResourceTypes.Service, Json($$$"""
                {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "{{{ns}}}"},
                 "spec": {"selector": {"app": "web"}, "ports": [{"name": "http", "port": 80, "targetPort": {{{podPort}}}}]}}
                """));
            string plainHost = $"web.{ns}.test", secureHost = $"secure.{ns}.test";
            var (secret, certificate) = TlsSecret(ns, "secure-tls", secureHost);
            await client.CreateAsync(ResourceTypes.Secret, secret);
            await client.CreateAsync(ResourceTypes.Ingress, Json("""
                {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "web", "namespace": "NS"},
                 "spec": {"tls": [{"hosts": ["SECURE"], "secretName": "secure-tls"}], "rules": [
                   {"host": "PLAIN", "http": {"paths": [{"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "web", "port": {"number": 80}}}}]}},
                   {"host": "SECURE", "http": {"paths": [{"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "web", "port": {"number": 80}}}}]}}]}}
                """.Replace("NS", ns, StringComparison.Ordinal).Replace("SECURE", secureHost, StringComparison.Ordinal).Replace("PLAIN", plainHost, StringComparison.Ordinal)));

            // HTTP by Host header to the agent's ingress port, through the Service's endpoints, to the pod's own server.
            using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(10) };
            (HttpStatusCode Status, string Body) last = default;
            await WaitAsync(async () =>
            {
                last = await GetAsync(http, $"http://127.0.0.1:{httpPort}/hello?x=1", plainHost);
                return last.Status == HttpStatusCode.OK;
            }, () => $"the pod through the ingress; last answer {(int)last.Status} {last.Body}; agent said: {agent.Output}", seconds: 120);
            Assert.Equal($"pod web says /hello?x=1 to {plainHost}", last.Body);

            // HTTPS: the certificate is the Secret's, chosen by the SNI name, and the request reaches the same pod.
            var seen = new ConcurrentQueue<X509Certificate2>();
            using var https = SniClient(httpsPort, seen);
            var body = "";
            await WaitAsync(async () =>
            {
                seen.Clear();
                using var response = await https.GetAsync($"https://{secureHost}:{httpsPort}/secret");
                body = await response.Content.ReadAsStringAsync();
                return response.StatusCode == HttpStatusCode.OK && seen.LastOrDefault()?.Thumbprint == certificate.Thumbprint;
            }, () => $"the Secret's certificate for {secureHost}; saw {seen.LastOrDefault()?.Subject}, body {body}");
            Assert.Equal($"pod web says /secret to {secureHost}:{httpsPort}", body);

            // Plain HTTP to the TLS host is sent to HTTPS, as ingress-nginx does.
            var redirect = await GetAsync(http, $"http://127.0.0.1:{httpPort}/secret", secureHost, keepLocation: true);
            Assert.Equal((HttpStatusCode.PermanentRedirect, $"https://{secureHost}:{httpsPort}/secret"), redirect);

            // The controller manager reports the node's address as the Ingress's, as kubectl shows it.
            await WaitAsync(async () => (await client.GetAsync(ResourceTypes.Ingress, ns, "web")).At("status", "loadBalancer", "ingress") is JsonArray { Count: > 0 } a
                    && a.Any(e => e?["ip"]?.GetValue<string>() == "127.0.0.1"),
                () => "127.0.0.1 in the Ingress's status");
        }
        finally
        {
            // The pod goes first, so the agent stops its process; then the agent and the controllers.
            try
            {
                await client.DeleteAsync(ResourceTypes.Pod, ns, "web");
                await WaitAsync(async () => await client.TryGetAsync(ResourceTypes.Pod, ns, "web") is null, () => "the pod gone", seconds: 30);
            }
            catch (Exception e) when (e is ApiException or Xunit.Sdk.XunitException)
            {
            }
            agent.Stop();
            controllers.Stop();
            try { Directory.Delete(state, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    [Fact]
    public async Task AnAgentWhoseIngressPortIsTakenRunsOnAndSaysSoInItsLogAndANodeEvent()
    {
        using var client = new ApiClient(KubeconfigFile.Load(cluster.Kubeconfig));
        var id = Guid.NewGuid().ToString("N")[..8];
        var (ns, node) = ($"taken-{id}", $"node-{id}");
        using var holder = new TcpListener(IPAddress.Any, 0);
        holder.Start();
        var taken = ((IPEndPoint)holder.LocalEndpoint).Port;
        var state = Path.Combine(Path.GetTempPath(), $"obs-ingress-agent-{id}");
        using var agent = ObsProcess.Agent("--kubeconfig", cluster.Kubeconfig, "--name", node, "--port", "0", "--state-dir", state, "--address", "127.0.0.1",
            "--ingress-http-port", Text(taken), "--ingress-https-port", "0");
        try
        {
            await WaitAsync(async () => await client.TryGetAsync(ResourceTypes.Node, null, node) is { } n && Ready(n), () => $"node {node} Ready; agent said: {agent.Output}");
            await client.CreateAsync(ResourceTypes.Namespace, Json($$$"""{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "{{{ns}}}"}}"""));
            await client.CreateAsync(ResourceTypes.Ingress, Json("""
                {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "web", "namespace": "NS"},
                 "spec": {"defaultBackend": {"service": {"name": "web", "port": {"number": 80}}}}}
                """.Replace("NS", ns, StringComparison.Ordinal)));

            var said = $"ingress http port {taken} is not served on 127.0.0.1: address already in use; the agent runs on without it";
            await WaitAsync(() => Task.FromResult(agent.Output.Contains(said, StringComparison.Ordinal)), () => $"the agent to say \"{said}\"; it said: {agent.Output}");
            await WaitAsync(async () => (await client.ListAsync(ResourceTypes.Event, "default")).Items.Any(e =>
                    e.StringAt("involvedObject", "name") == node && e.StringAt("reason") == "IngressPortUnavailable" && e.StringAt("type") == "Warning"),
                () => $"a Warning event IngressPortUnavailable on node {node}");
            // Still running, and still a Ready node.
            Assert.False(agent.HasExited, agent.Output);
            Assert.True(Ready(await client.GetAsync(ResourceTypes.Node, null, node)));
        }
        finally
        {
            agent.Stop();
            try { Directory.Delete(state, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static async Task<(HttpStatusCode, string)> GetAsync(HttpClient http, string url, string host, bool keepLocation = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Host = host;
        try
        {
            using var response = await http.SendAsync(request);
            return (response.StatusCode, keepLocation ? response.Headers.Location?.OriginalString ?? "" : await response.Content.ReadAsStringAsync());
        }
        catch (HttpRequestException e)
        {
            // The agent binds its ingress ports once it serves an Ingress: refused until then.
            return (0, e.Message);
        }
    }

    /// <summary>An HTTPS client that connects to 127.0.0.1:<paramref name="port"/> whatever the URL's host, so that host is the SNI name; it records and accepts every certificate.</summary>
    private static HttpClient SniClient(int port, ConcurrentQueue<X509Certificate2> seen) =>
        new(PinnedTlsHandler.Create(new IPEndPoint(IPAddress.Loopback, port), seen.Enqueue)) { Timeout = TimeSpan.FromSeconds(10) };

    private static (JsonObject Secret, X509Certificate2 Certificate) TlsSecret(string ns, string name, string host)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(host);
        request.CertificateExtensions.Add(names.Build());
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        var secret = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["type"] = "kubernetes.io/tls",
            ["data"] = new JsonObject
            {
                ["tls.crt"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(certificate.ExportCertificatePem())),
                ["tls.key"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(key.ExportPkcs8PrivateKeyPem())),
            },
        };
        return (secret, certificate);
    }

    private static bool Ready(JsonObject node) =>
        (node.At("status", "conditions") as JsonArray)?.OfType<JsonObject>().Any(c => c.StringAt("type") == "Ready" && c.StringAt("status") == "True") ?? false;

    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static async Task WaitAsync(Func<Task<bool>> condition, Func<string> what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            await Task.Delay(250);
        }
        Assert.Fail($"timed out waiting for {what()}");
    }

    /// <summary>
    /// An <c>obs</c> command of this build, or the node agent <c>obs up</c> runs (the native <c>obs-agent</c>), as its
    /// own process, its output kept; stopped by its own PID.
    /// </summary>
    private sealed class ObsProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        public static ObsProcess Command(params string[] args) => new("dotnet", [typeof(Obs.Cli.Cluster.LocalCluster).Assembly.Location, .. args]);

        public static ObsProcess Agent(params string[] args) => new(NativeAgent.Executable, args);

        private ObsProcess(string executable, string[] args)
        {
            _process = Process.Start(new ProcessStartInfo(executable, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            _process.OutputDataReceived += (_, e) => Append(e.Data);
            _process.ErrorDataReceived += (_, e) => Append(e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public string Output
        {
            get
            {
                lock (_output) return _output.ToString();
            }
        }

        public bool HasExited => _process.HasExited;

        private void Append(string? line)
        {
            if (line is null) return;
            lock (_output) _output.AppendLine(line);
        }

        public void Stop()
        {
            if (_process.HasExited) return;
            _process.Kill();
            _process.WaitForExit(10_000);
        }

        public void Dispose()
        {
            Stop();
            _process.Dispose();
        }
    }
}
