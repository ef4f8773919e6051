using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Obs.Cli.Cluster;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Registry;

/// <summary>
/// ResourceQuota admission on real PostgreSQL, with no controller running: the tests write the quota's status as
/// the controller would. Each test works in a namespace of its own.
/// </summary>
public sealed class QuotaAdmissionTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    private static string NewNamespace() => "quota-" + Guid.NewGuid().ToString("N")[..8];

    private async Task QuotaAsync(string ns, string hard, string used)
    {
        var (code, body) = await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/resourcequotas",
            $$$"""{"apiVersion":"v1","kind":"ResourceQuota","metadata":{"name":"q"},"spec":{"hard":{{{hard}}}}}""");
        Assert.True(code == 201, body?.ToJsonString());
        await StatusAsync(ns, hard, used);
    }

    private async Task StatusAsync(string ns, string hard, string used)
    {
        var (code, body) = await cluster.SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/resourcequotas/q/status",
            $$$"""{"status":{"hard":{{{hard}}},"used":{{{used}}}}}""", "application/merge-patch+json");
        Assert.True(code == 200, body?.ToJsonString());
    }

    private static string Pod(string name, string resources = "") =>
        $$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}"},"spec":{"containers":[{"name":"c","image":"busybox"{{{resources}}}}]}}""";

    private static async Task<(int Code, JsonNode? Body)> PostAsync(HttpClient client, string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        using var response = await client.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null);
    }

    /// <summary>
    /// Waits until a dry-run create through <paramref name="client"/> is refused: that apiserver's cache then holds the
    /// quota in force (a quota applies once the cache has it, as a LimitRange does).
    /// </summary>
    private static async Task WaitForQuotaAsync(HttpClient client, string ns, string resource = "pods", string? probe = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var (code, _) = await PostAsync(client, $"/api/v1/namespaces/{ns}/{resource}?dryRun=All", probe ?? Pod("probe"));
            if (code == 403) return;
            Assert.True(DateTime.UtcNow < deadline, $"the quota did not apply through {client.BaseAddress}: {code}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task TwentyPodsCreatedAtOnceThroughTwoApiServersStopAtFive()
    {
        var ns = NewNamespace();
        await cluster.KubectlOkAsync("create", "namespace", ns);
        await using var other = ApiServerHost.Create(TestCluster.Options(cluster.DatabaseUrl), logging => { });
        await other.StartAsync();
        await other.WaitReadyAsync();
        using var otherClient = LocalCluster.TrustingClient(TestPki.Pki.CaCertFile, TestPki.Token);
        otherClient.BaseAddress = new Uri($"https://127.0.0.1:{other.Port}");
        // Full at first, so that each apiserver is seen to hold the quota; then emptied, which their caches may
        // not show yet when the creates come: each charge is a compare-and-swap on the database's copy.
        await QuotaAsync(ns, """{"pods":"5"}""", """{"pods":"5"}""");
        await WaitForQuotaAsync(cluster.Client, ns);
        await WaitForQuotaAsync(otherClient, ns);
        await StatusAsync(ns, """{"pods":"5"}""", """{"pods":"0"}""");

        var creates = Enumerable.Range(0, 20).Select(i => PostAsync(i % 2 == 0 ? cluster.Client : otherClient, $"/api/v1/namespaces/{ns}/pods", Pod($"p{i}")));
        var results = await Task.WhenAll(creates);

        Assert.Equal(5, results.Count(r => r.Code == 201));
        var refused = results.Where(r => r.Code != 201).ToList();
        Assert.All(refused, r => Assert.Equal(403, r.Code));
        Assert.All(refused, r => Assert.Matches("""^pods "p\d+" is forbidden: exceeded quota: q, requested: pods=1, used: pods=5, limited: pods=5$""", r.Body!["message"]!.GetValue<string>()));
        var (_, pods) = await cluster.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/pods");
        Assert.Equal(5, pods!["items"]!.AsArray().Count);
        var (_, quota) = await cluster.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/resourcequotas/q");
        Assert.Equal("5", quota!["status"]!["used"]!["pods"]!.GetValue<string>());
    }

    [Fact]
    public async Task APodWithoutTheRequestsAQuotaConstrainsIsForbidden()
    {
        var ns = NewNamespace();
        await cluster.KubectlOkAsync("create", "namespace", ns);
        await QuotaAsync(ns, """{"requests.cpu":"1","limits.memory":"1Gi"}""", """{"requests.cpu":"0","limits.memory":"0"}""");
        await WaitForQuotaAsync(cluster.Client, ns);

        var (code, status) = await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods", Pod("bare"));

        Assert.Equal(403, code);
        Assert.Equal("Forbidden", status!["reason"]!.GetValue<string>());
        Assert.Equal("pods \"bare\" is forbidden: failed quota: q: must specify limits.memory for: c; requests.cpu for: c", status["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task ADryRunIsCheckedButNotChargedAndARealCreateIs()
    {
        var ns = NewNamespace();
        await cluster.KubectlOkAsync("create", "namespace", ns);
        await QuotaAsync(ns, """{"requests.cpu":"1"}""", """{"requests.cpu":"0"}""");
        await WaitForQuotaAsync(cluster.Client, ns);
        const string half = ""","resources":{"requests":{"cpu":"500m"}}""";

        var (dryRun, _) = await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods?dryRun=All", Pod("a", half));
        var (created, _) = await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods", Pod("a", half));
        var (_, quota) = await cluster.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/resourcequotas/q");
        var (tooMuch, status) = await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods", Pod("b", ""","resources":{"requests":{"cpu":"600m"}}"""));

        Assert.Equal(201, dryRun);
        Assert.Equal(201, created);
        Assert.Equal("500m", quota!["status"]!["used"]!["requests.cpu"]!.GetValue<string>());
        Assert.Equal(403, tooMuch);
        Assert.Equal("pods \"b\" is forbidden: exceeded quota: q, requested: requests.cpu=600m, used: requests.cpu=500m, limited: requests.cpu=1",
            status!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task AServiceChangedToNodePortIsChargedItsPorts()
    {
        var ns = NewNamespace();
        await cluster.KubectlOkAsync("create", "namespace", ns);
        await QuotaAsync(ns, """{"services":"2","services.nodeports":"1"}""", """{"services":"0","services.nodeports":"0"}""");
        await WaitForQuotaAsync(cluster.Client, ns, "services",
            """{"apiVersion":"v1","kind":"Service","metadata":{"name":"probe"},"spec":{"type":"NodePort","ports":[{"name":"a","port":80},{"name":"b","port":443}]}}""");
        await cluster.KubectlOkAsync("create", "service", "clusterip", "web", "-n", ns, "--tcp=80:80", "--tcp=443:443");

        var changed = await cluster.KubectlAsync("patch", "service", "web", "-n", ns, "-p", """{"spec":{"type":"NodePort"}}""");

        Assert.NotEqual(0, changed.ExitCode);
        Assert.Contains("services \"web\" is forbidden: exceeded quota: q, requested: services.nodeports=2, used: services.nodeports=0, limited: services.nodeports=1", changed.StdErr);
        Assert.Equal("ClusterIP", await cluster.KubectlOkAsync("get", "service", "web", "-n", ns, "-o", "jsonpath={.spec.type}"));
    }
}
