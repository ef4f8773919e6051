using Obs.Testing;

namespace Obs.EndToEnd.Tests.ObsCommand;

/// <summary>
/// `./obs up | status | down` as a user runs them: a fresh state directory, the embedded
/// PostgreSQL, the apiserver in the background, and the kubeconfig kubectl then uses.
/// </summary>
public sealed class ObsUpTests : IAsyncLifetime
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), $"obs-test-home-{Environment.ProcessId}-{Guid.NewGuid():N}");
    private readonly int _port = FreePort.Next();
    private readonly int _agentPort = FreePort.Next();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await ObsAsync("down");
        try { Directory.Delete(_home, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [Fact]
    public async Task UpThenKubectlListsTheFourNamespacesAndDownKeepsTheData()
    {
        var up = await ObsAsync("up");
        Assert.True(up.ExitCode == 0, up.ToString());
        Assert.Contains($"https://127.0.0.1:{_port}", up.StdOut);
        var kubeconfig = Path.Combine(_home, "kubeconfig");

        var ns = await KubectlAsync(kubeconfig, "get", "ns", "-o", "name");
        foreach (var name in new[] { "default", "kube-system", "kube-public", "kube-node-lease" }) Assert.Contains($"namespace/{name}", ns.StdOut);

        // Idempotent: a second `up` finds everything running and changes nothing.
        var again = await ObsAsync("up");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("apiserver      running", again.StdOut);

        Assert.Equal(0, (await KubectlAsync(kubeconfig, "create", "namespace", "survives")).ExitCode);

        // The whole cluster: the scheduler places a Deployment's pods (made by the controllers) on
        // the agent's node, the agent runs them as processes, and their logs come back through the apiserver.
        var node = await KubectlAsync(kubeconfig, "wait", "--for=condition=Ready", "node", "--all", "--timeout=60s");
        Assert.True(node.ExitCode == 0, node.ToString());
        Assert.Equal(0, (await KubectlAsync(kubeconfig, "-n", "survives", "create", "deployment", "hello", "--image=busybox:1.36", "--replicas=2",
            "--", "sh", "-c", "echo hello from obs; sleep 3600")).ExitCode);
        var rollout = await KubectlAsync(kubeconfig, "-n", "survives", "rollout", "status", "deployment/hello", "--timeout=90s");
        Assert.True(rollout.ExitCode == 0, rollout.ToString());
        var logs = await KubectlAsync(kubeconfig, "-n", "survives", "logs", "deployment/hello");
        Assert.Contains("hello from obs", logs.StdOut);
        await PrometheusScrapesEveryTargetAsync(up.StdOut);
        await DashboardServesSignInAsync(up.StdOut);
        var deleted = await KubectlAsync(kubeconfig, "delete", "namespace", "survives", "--timeout=90s");
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Equal(0, (await KubectlAsync(kubeconfig, "create", "namespace", "survives")).ExitCode);
        var status = await ObsAsync("status");
        Assert.Contains("apiserver      ready", status.StdOut);
        foreach (var component in new[] { "controllers", "scheduler", "agent", "dashboard" }) Assert.Contains($"{component,-15}running", status.StdOut);

        var down = await ObsAsync("down");
        Assert.True(down.ExitCode == 0, down.ToString());
        Assert.Contains("apiserver      stopped", down.StdOut);
        Assert.Contains("apiserver      stopped", (await ObsAsync("status")).StdOut);

        Assert.Equal(0, (await ObsAsync("up")).ExitCode);
        var after = await KubectlAsync(kubeconfig, "get", "ns", "survives", "-o", "name");
        Assert.Equal("namespace/survives", after.StdOut.Trim());
    }

    /// <summary>
    /// The Prometheus `obs up` started finds every target through the apiserver, scrapes each one
    /// `up`, and the node-mixin's recording rules evaluate over our series.
    /// </summary>
    private static async Task PrometheusScrapesEveryTargetAsync(string upOutput)
    {
        // The summary `obs up` ends with: "prometheus  http://127.0.0.1:PORT".
        var url = upOutput.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("prometheus  http", StringComparison.Ordinal))["prometheus  ".Length..].Trim();
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
        // The summary line: "dashboard   http://127.0.0.1:PORT   (sign in with the token below)".
        var url = upOutput.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("dashboard   http", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
        var signIn = await http.GetStringAsync("/signin");
        Assert.Contains("Sign in to Obs", signIn);
        using var overview = await http.GetAsync("/");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, overview.StatusCode);
    }

    private Task<CommandResult> ObsAsync(string command) =>
        ProcessRunner.RunAsync(Path.Combine(Obs.Cli.Cluster.RepositoryLayout.Root, "obs"), [command, "--apiserver-port", _port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--agent-port", _agentPort.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            new Dictionary<string, string> { ["OBS_HOME"] = _home, ["OBS_PROMETHEUS_INTERVAL"] = "2" }, timeout: TimeSpan.FromMinutes(5));

    private Task<CommandResult> KubectlAsync(string kubeconfig, params string[] args) =>
        ProcessRunner.RunAsync("kubectl", ["--kubeconfig", kubeconfig, "--cache-dir", Path.Combine(_home, "kubectl-cache"), .. args]);


}
