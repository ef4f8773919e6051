using Obs.Testing;

namespace Obs.EndToEnd.Tests.ObsCommand;

/// <summary>
/// `./obs up | status | down` as a user runs them: a fresh state directory, the embedded
/// PostgreSQL, the apiserver in the background, and the kubeconfig kubectl then uses.
/// </summary>
public sealed class ObsUpTests : IAsyncLifetime
{
    private readonly ObsHome _home = new("test", new Dictionary<string, string> { ["OBS_PROMETHEUS_INTERVAL"] = "2" });

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _home.DownAndRemoveAsync();

    [Fact]
    public async Task UpThenKubectlListsTheFourNamespacesAndDownKeepsTheData()
    {
        var up = await _home.ObsAsync("up");
        Assert.True(up.ExitCode == 0, up.ToString());
        Assert.Contains($"https://127.0.0.1:{_home.ApiServerPort}", up.StdOut);

        var ns = await _home.KubectlAsync("get", "ns", "-o", "name");
        foreach (var name in new[] { "default", "kube-system", "kube-public", "kube-node-lease" }) Assert.Contains($"namespace/{name}", ns.StdOut);

        // Idempotent: a second `up` finds everything running and changes nothing.
        var again = await _home.ObsAsync("up");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("apiserver      running", again.StdOut);

        Assert.Equal(0, (await _home.KubectlAsync("create", "namespace", "survives")).ExitCode);

        // The whole cluster: the scheduler places a Deployment's pods (made by the controllers) on
        // the agent's node, the agent runs them as processes, and their logs come back through the apiserver.
        var node = await _home.KubectlAsync("wait", "--for=condition=Ready", "node", "--all", "--timeout=60s");
        Assert.True(node.ExitCode == 0, node.ToString());
        // That agent is the natively compiled one (its pods, logs and the metrics Prometheus scrapes below are its work).
        // (Compared by its place in the checkout: the link in /proc names the path with any symbolic link resolved.)
        Assert.EndsWith(Path.GetRelativePath(Obs.Cli.Cluster.RepositoryLayout.Root, NativeAgent.Executable), AgentExecutable());
        Assert.Equal(0, (await _home.KubectlAsync("-n", "survives", "create", "deployment", "hello", "--image=busybox:1.36", "--replicas=2",
            "--", "sh", "-c", "echo hello from obs; sleep 3600")).ExitCode);
        var rollout = await _home.KubectlAsync("-n", "survives", "rollout", "status", "deployment/hello", "--timeout=90s");
        Assert.True(rollout.ExitCode == 0, rollout.ToString());
        var logs = await _home.KubectlAsync("-n", "survives", "logs", "deployment/hello");
        Assert.Contains("hello from obs", logs.StdOut);
        await ServicesAndDnsUseTheClustersOwnRangeAsync();
        await PrometheusScrapesEveryTargetAsync(up.StdOut);
        await DashboardServesSignInAsync(up.StdOut);
        var deleted = await _home.KubectlAsync("delete", "namespace", "survives", "--timeout=90s");
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Equal(0, (await _home.KubectlAsync("create", "namespace", "survives")).ExitCode);
        var status = await _home.ObsAsync("status");
        Assert.Contains("apiserver      ready", status.StdOut);
        foreach (var component in new[] { "controllers", "scheduler", "agent", "dashboard" }) Assert.Contains($"{component,-15}running", status.StdOut);

        var down = await _home.ObsAsync("down");
        Assert.True(down.ExitCode == 0, down.ToString());
        Assert.Contains("apiserver      stopped", down.StdOut);
        Assert.Contains("apiserver      stopped", (await _home.ObsAsync("status")).StdOut);

        // Meanwhile something else took the apiserver's and the agent's ports (another cluster, a kubelet): `up` starts
        // them on others, says where, and the kubeconfig follows.
        using (var apiServerPortTaken = Listen(_home.ApiServerPort))
        using (var agentPortTaken = Listen(_home.AgentPort))
        {
            var moved = await _home.ObsAsync("up");
            Assert.True(moved.ExitCode == 0, moved.ToString());
            Assert.NotEqual($"https://127.0.0.1:{_home.ApiServerPort}", ObsHome.Url(moved.StdOut, "apiserver"));
            var after = await _home.KubectlAsync("get", "ns", "survives", "-o", "name");
            Assert.Equal("namespace/survives", after.StdOut.Trim());
            Assert.Contains("apiserver      ready", (await _home.ObsAsync("status")).StdOut);
            await AgentServesOnAnotherPortAsync();
        }
    }

    /// <summary>
    /// The range `up` chose for this cluster (another running cluster may hold the default): the `kubernetes` Service has
    /// its first address and pods resolve with the DNS at its tenth.
    /// </summary>
    private async Task ServicesAndDnsUseTheClustersOwnRangeAsync()
    {
        var range = new Obs.ApiServer.Services.ServiceIpRange(File.ReadAllText(Path.Combine(_home.Root, "service-cluster-ip-range")).Trim());
        Assert.Equal(range.First.ToString(), (await _home.KubectlOkAsync("get", "service", "kubernetes", "-o", "jsonpath={.spec.clusterIP}")).Trim());
        var resolvConf = await _home.KubectlOkAsync("-n", "survives", "exec", "deployment/hello", "--", "cat", "/etc/resolv.conf");
        Assert.Contains($"nameserver {range.At(Obs.Cli.Cluster.ClusterServiceRange.DnsOffset)}", resolvConf);
    }

    /// <summary>Holds <paramref name="port"/>; null when something else on the machine already holds it, which is the point.</summary>
    private static System.Net.Sockets.TcpListener? Listen(int port)
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return listener;
        }
        catch (System.Net.Sockets.SocketException e) when (e.SocketErrorCode == System.Net.Sockets.SocketError.AddressAlreadyInUse)
        {
            listener.Dispose();
            return null;
        }
    }

    /// <summary>The restarted agent's Node names the port it took, and is Ready again.</summary>
    private async Task AgentServesOnAnotherPortAsync()
    {
        var published = "";
        for (var i = 0; i < 60; i++)
        {
            published = (await _home.KubectlAsync("get", "nodes", "-o", "jsonpath={.items[0].status.daemonEndpoints.kubeletEndpoint.Port}")).StdOut.Trim();
            if (published.Length > 0 && published != _home.AgentPort.ToString(System.Globalization.CultureInfo.InvariantCulture)) break;
            await Task.Delay(1000);
        }
        Assert.NotEqual(_home.AgentPort.ToString(System.Globalization.CultureInfo.InvariantCulture), published);
        await _home.KubectlOkAsync("wait", "--for=condition=Ready", "node", "--all", "--timeout=60s");
    }

    /// <summary>The program the running agent was started from (<c>/proc/PID/exe</c>).</summary>
    private string AgentExecutable()
    {
        var pid = File.ReadAllText(Path.Combine(_home.Root, "run", "agent.pid")).Trim();
        return new FileInfo($"/proc/{pid}/exe").LinkTarget ?? "";
    }

    /// <summary>
    /// The Prometheus `obs up` started finds every target through the apiserver, scrapes each one
    /// `up`, and the node-mixin's recording rules evaluate over our series.
    /// </summary>
    private static async Task PrometheusScrapesEveryTargetAsync(string upOutput)
    {
        var url = ObsHome.Url(upOutput, "prometheus");
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
        string[] jobs = ["node", "kubelet", "cadvisor", "apiserver", "kube-state-metrics"];
        var deadline = DateTime.UtcNow.AddSeconds(90);
        string last = "";
        while (true)
        {
            last = await http.GetStringAsync("/api/v1/targets?state=active");
            var targets = System.Text.Json.Nodes.JsonNode.Parse(last)!["data"]!["activeTargets"]!.AsArray();
            var up = targets.Where(t => t!["health"]!.GetValue<string>() == "up").Select(t => t!["labels"]!["job"]!.GetValue<string>()).ToHashSet();
            var recorded = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync("/api/v1/query?query=instance:node_cpu_utilisation:rate5m"))!["data"]!["result"]!.AsArray();
            if (jobs.All(up.Contains) && targets.All(t => t!["health"]!.GetValue<string>() == "up") && recorded.Count > 0) return;
            Assert.True(DateTime.UtcNow < deadline, $"Prometheus targets not all up, or no instance:node_cpu_utilisation:rate5m, after 90 s:\n{last}");
            await Task.Delay(1000);
        }
    }

    /// <summary>The dashboard `obs up` started answers with its sign-in page, and sends an anonymous visitor there.</summary>
    private static async Task DashboardServesSignInAsync(string upOutput)
    {
        var url = ObsHome.Url(upOutput, "dashboard");
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
        var signIn = await http.GetStringAsync("/signin");
        Assert.Contains("Sign in to Obs", signIn);
        using var overview = await http.GetAsync("/");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, overview.StatusCode);
    }
}
