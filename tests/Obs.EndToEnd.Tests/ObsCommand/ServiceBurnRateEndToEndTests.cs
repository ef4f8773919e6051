using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Obs.Testing;

namespace Obs.EndToEnd.Tests.ObsCommand;

/// <summary>
/// The availability objective of a Service, live: a real pod behind a Service annotated
/// <c>obs.dev/slo-availability: "99.9"</c> fails one request in ten, traffic goes through the Service's
/// cluster IP (the node agent's proxy counts it in http_server_request_duration_seconds), and the
/// page-level burn-rate alert (14.4× the budget over 1h and 5m) reaches the on-call receiver. The rule
/// is the production one, only its <c>for:</c> shortened by the test override: its 1h and 5m rates are
/// taken over the minute or so of data there is, and a ratio of two rates over the same window is the
/// share of failed requests however short the data.
/// </summary>
[Collection(AlertingCollection.Name)]
public sealed class ServiceBurnRateEndToEndTests(ObsUpCluster cluster) : IDisposable
{
    private const string Alert = "ServiceErrorBudgetBurn";

    /// <summary>A pod's server: every FAIL_EVERY-th request (none when 0) answers 500, the others 200.</summary>
    private const string Server = "import http.server,os\n" +
        "every=int(os.environ['FAIL_EVERY']); n=0\n" +
        "class H(http.server.BaseHTTPRequestHandler):\n" +
        "  def do_GET(s):\n" +
        "    global n; n+=1\n" +
        "    s.send_response(500 if every and n % every == 0 else 200); s.send_header('Content-Length', '0'); s.end_headers()\n" +
        "  def log_message(s,*a): pass\n" +
        "http.server.HTTPServer(('', int(os.environ['PORT'])), H).serve_forever()";

    private readonly ReceiverAlerts _receiver = new(cluster);

    public void Dispose() => _receiver.Dispose();

    [Fact]
    public async Task AServiceFailingOneRequestInTenPagesWithItsBurnRateAlertAndAHealthyOneBesideItDoesNot()
    {
        await cluster.EnsureAgentRunsAsync();
        var ns = "slo-" + Guid.NewGuid().ToString("N")[..8];
        await cluster.KubectlOkAsync("create", "namespace", ns);
        await cluster.KubectlOkAsync("label", "namespace", ns, "team=checkout");
        // Four objects in one file (kubectl reads a stream of JSON objects), as a user would apply them.
        var manifest = Path.Combine(cluster.Home.Root, $"{ns}.json");
        JsonObject[] objects = [Pod(ns, "flaky", failEvery: 10), Service(ns, "flaky"), Pod(ns, "healthy", failEvery: 0), Service(ns, "healthy")];
        await File.WriteAllTextAsync(manifest, string.Join("\n", objects.Select(o => o.ToJsonString())));
        try
        {
            await cluster.KubectlOkAsync("apply", "-f", manifest);
            await cluster.KubectlOkAsync("wait", "--for=condition=Ready", "pod/flaky", "pod/healthy", "-n", ns, "--timeout=120s");
            var flakyIp = await ClusterIpAsync(ns, "flaky");
            var healthyIp = await ClusterIpAsync(ns, "healthy");
            // Traffic starts once each Service has its ready endpoint, and a moment later, when the agent's proxy has it too:
            // a request before that would get the proxy's own 503, a server error the healthy service must not have.
            await cluster.KubectlOkAsync("wait", "--for=jsonpath={.endpoints[0].conditions.ready}=true", "endpointslice", "-l", "kubernetes.io/service-name in (flaky,healthy)", "-n", ns, "--timeout=60s");
            await Task.Delay(TimeSpan.FromSeconds(2));

            using var traffic = new CancellationTokenSource();
            var flaky = Task.Run(() => DriveAsync(flakyIp, traffic.Token));
            var healthy = Task.Run(() => DriveAsync(healthyIp, traffic.Token));
            JsonNode page;
            try
            {
                // The page is the 1h/5m pair. Over the minute of data there is, the slower pairs (6h/30m, and the 1d/2h and 3d/6h
                // tickets) see the same 10 % and fire as well, as they would after hours of it.
                page = await _receiver.WaitForAsync(Alert, a => Label(a, "namespace") == ns && Label(a, "service") == "flaky" && Label(a, "long") == "1h", "firing", TimeSpan.FromSeconds(180));
                // The healthy service had the same traffic for as long, and a few more evaluations to go wrong in.
                await Task.Delay(TimeSpan.FromSeconds(10));
            }
            finally
            {
                await traffic.CancelAsync();
            }
            var (flakyCodes, healthyCodes) = (await flaky, await healthy);

            // What the clients saw: the flaky service failed one request in ten, the healthy one none.
            var (failed, served) = (flakyCodes.GetValueOrDefault(HttpStatusCode.InternalServerError), flakyCodes.GetValueOrDefault(HttpStatusCode.OK));
            Assert.True(flakyCodes.Count == 2 && failed == (failed + served) / 10, $"the flaky service should fail one request in ten: {Describe(flakyCodes)}");
            Assert.True(healthyCodes.Keys.All(c => c == HttpStatusCode.OK) && healthyCodes.Values.Sum() > 100, $"the healthy service should answer 200 only: {Describe(healthyCodes)}");

            // The page: the fast-burn window pair, critical, naming the service and carrying its namespace's team.
            Assert.Equal("critical", Label(page, "severity"));
            Assert.Equal("5m", Label(page, "short"));
            Assert.Equal(("availability", "checkout"), (Label(page, "slo"), Label(page, "team")));

            // Prometheus measured the healthy service (its error ratio is there, and 0), so its silence is a verdict, not a gap.
            var ratio = await QueryAsync($"namespace_service:http_server_errors:ratio_rate5m{{namespace=\"{ns}\",service=\"healthy\"}}");
            Assert.True(ratio is [var only] && only["value"]![1]!.GetValue<string>() == "0", $"the healthy service's error ratio should be 0: {new JsonArray([.. ratio.Select(r => r.DeepClone())])}");
            var stored = await _receiver.ListAsync("firing,acknowledged,resolved");
            Assert.DoesNotContain(stored, a => a["alertname"]!.GetValue<string>() == Alert && Label(a, "namespace") == ns && Label(a, "service") == "healthy");
        }
        finally
        {
            await cluster.KubectlAsync("delete", "-f", manifest, "--grace-period=1", "--timeout=60s");
            await cluster.KubectlAsync("delete", "namespace", ns, "--wait=false");
        }
    }

    private static JsonObject Pod(string ns, string name, int failEvery)
    {
        var port = FreePort.Next();
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = new JsonObject { ["app"] = name } },
            ["spec"] = new JsonObject
            {
                ["terminationGracePeriodSeconds"] = 1,
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["name"] = "web",
                    ["image"] = "python:3",
                    ["command"] = new JsonArray("python3", "-c", Server),
                    ["env"] = new JsonArray(new JsonObject { ["name"] = "FAIL_EVERY", ["value"] = failEvery.ToString(CultureInfo.InvariantCulture) }),
                    ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["containerPort"] = port }),
                    // Ready once it listens: the proxy would answer a refused connection with a 502, a server error of its own.
                    ["readinessProbe"] = new JsonObject { ["tcpSocket"] = new JsonObject { ["port"] = port }, ["periodSeconds"] = 1 },
                }),
            },
        };
    }

    private static JsonObject Service(string ns, string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Service",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["annotations"] = new JsonObject { ["obs.dev/slo-availability"] = "99.9" } },
        // Named http: the proxy forwards it as HTTP and counts each request with its status code.
        ["spec"] = new JsonObject
        {
            ["selector"] = new JsonObject { ["app"] = name },
            ["ports"] = new JsonArray(new JsonObject { ["name"] = "http", ["port"] = 80, ["targetPort"] = "http" }),
        },
    };

    private async Task<string> ClusterIpAsync(string ns, string service) =>
        (await cluster.KubectlOkAsync("get", "service", service, "-n", ns, "-o", "jsonpath={.spec.clusterIP}")).Trim();

    /// <summary>
    /// Steady GETs through the cluster IP, about 20 a second, until cancelled; returns how many got each status.
    /// Requests sent before the proxy listens on the new address (refused) are not counted.
    /// </summary>
    private static async Task<Dictionary<HttpStatusCode, int>> DriveAsync(string clusterIp, CancellationToken stop)
    {
        var codes = new Dictionary<HttpStatusCode, int>();
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var response = await http.GetAsync($"http://{clusterIp}/", stop);
                codes[response.StatusCode] = codes.GetValueOrDefault(response.StatusCode) + 1;
                await Task.Delay(50, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (HttpRequestException)
            {
                await Task.Delay(200, CancellationToken.None);
            }
        }
        return codes;
    }

    private async Task<List<JsonNode>> QueryAsync(string promql)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var body = JsonNode.Parse(await http.GetStringAsync($"{cluster.PrometheusUrl}/api/v1/query?query={Uri.EscapeDataString(promql)}"))!;
        return body["data"]!["result"]!.AsArray().Select(r => r!).ToList();
    }

    private static string? Label(JsonNode alert, string name) => alert["labels"]?[name]?.GetValue<string>();

    private static string Describe(Dictionary<HttpStatusCode, int> codes) => string.Join(", ", codes.Select(c => $"{(int)c.Key}: {c.Value}"));
}
