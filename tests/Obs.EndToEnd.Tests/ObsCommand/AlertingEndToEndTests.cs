using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Obs.Cli.Cluster;
using Obs.Testing;

namespace Obs.EndToEnd.Tests.ObsCommand;

/// <summary>
/// Alerts as the on-call meets them, on the cluster `obs up` runs: Prometheus (1 s interval) and
/// Alertmanager from Debian, the rules of alerts/rules with their `for:` shortened by the test
/// override, and the receiver in the apiserver storing what Alertmanager delivers.
/// </summary>
public sealed class AlertingEndToEndTests : IAsyncLifetime
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), $"obs-alerts-home-{Environment.ProcessId}-{Guid.NewGuid():N}");
    private readonly int _port = FreePort.Next();
    private readonly int _agentPort = FreePort.Next();
    private HttpClient _api = null!;

    public async Task InitializeAsync()
    {
        var up = await ObsAsync("up");
        Assert.True(up.ExitCode == 0, up.ToString());
        var token = up.StdOut.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("token ", StringComparison.Ordinal))["token".Length..].Trim();
        _api = LocalCluster.TrustingClient(Path.Combine(_home, "pki", "ca.crt"), token);
        _api.BaseAddress = new Uri($"https://127.0.0.1:{_port}");
    }

    public async Task DisposeAsync()
    {
        _api?.Dispose();
        await ObsAsync("down");
        try { Directory.Delete(_home, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [Fact]
    public async Task ACrashLoopingPodReachesTheReceiverOnceAndAStoppedAgentPagesAndItsNodeTurnsUnreachable()
    {
        var kubeconfig = Path.Combine(_home, "kubeconfig");
        // The agent registers its Node a moment after `up` returns.
        for (var i = 0; i < 60 && (await KubectlAsync(kubeconfig, "get", "nodes", "-o", "name")).StdOut.Trim().Length == 0; i++) await Task.Delay(1000);
        var ready = await KubectlAsync(kubeconfig, "wait", "--for=condition=Ready", "node", "--all", "--timeout=60s");
        Assert.True(ready.ExitCode == 0, ready.ToString());
        // The namespace's team label rides on its alerts (Alertmanager routes by it).
        var label = await KubectlAsync(kubeconfig, "label", "namespace", "default", "team=payments");
        Assert.True(label.ExitCode == 0, label.ToString());
        var run = await KubectlAsync(kubeconfig, "run", "crasher", "--image=busybox:1.36", "--restart=Always", "--command", "--", "sh", "-c", "exit 3");
        Assert.True(run.ExitCode == 0, run.ToString());

        var firing = await WaitForAlertAsync("KubePodCrashLooping", a => a["labels"]?["pod"]?.GetValue<string>() == "crasher", "firing", TimeSpan.FromSeconds(150));
        Assert.Equal("default", firing["labels"]!["namespace"]!.GetValue<string>());
        Assert.Equal("payments", firing["labels"]!["team"]?.GetValue<string>());
        // And the pod's node, which a node-down alert inhibits by.
        var nodeName = (await KubectlAsync(kubeconfig, "get", "pod", "crasher", "-o", "jsonpath={.spec.nodeName}")).StdOut;
        Assert.Equal(nodeName, firing["labels"]!["node"]?.GetValue<string>());
        // Alertmanager repeats the group while it fires; the receiver keeps one row for it.
        await Task.Delay(TimeSpan.FromSeconds(5));
        var rows = (await AlertsAsync("firing")).Where(a => a["alertname"]!.GetValue<string>() == "KubePodCrashLooping" && a["labels"]!["pod"]?.GetValue<string>() == "crasher").ToList();
        Assert.Single(rows);

        // Fixing the pod (here: deleting it) resolves the alert once the rule's 5-minute window has passed.
        Assert.Equal(0, (await KubectlAsync(kubeconfig, "delete", "pod", "crasher", "--timeout=60s")).ExitCode);

        // A node agent that stops answering pages as KubeletDown.
        var agentPid = int.Parse(File.ReadAllText(Path.Combine(_home, "run", "agent.pid")).Trim(), CultureInfo.InvariantCulture);
        await new BackgroundProcess("agent", Path.Combine(_home, "run", "agent.pid"), Path.Combine(_home, "logs", "agent.log")).StopAsync(TimeSpan.FromSeconds(15));
        Assert.False(Directory.Exists($"/proc/{agentPid}") && !File.ReadAllText($"/proc/{agentPid}/stat").Contains(") Z "), "the agent still runs");
        var down = await WaitForAlertAsync("KubeletDown", _ => true, "firing", TimeSpan.FromSeconds(90));
        Assert.Equal("critical", down["labels"]!["severity"]!.GetValue<string>());

        // 40 s without a Lease renewal: the node lifecycle controller marks the node Unknown and taints it unreachable.
        var unreachable = await WaitForAlertAsync("KubeNodeUnreachable", _ => true, "firing", TimeSpan.FromSeconds(120));
        var node = unreachable["labels"]!["node"]!.GetValue<string>();
        var nodeState = await KubectlAsync(kubeconfig, "get", "node", node, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status} {.spec.taints[*].key}");
        Assert.Equal("Unknown node.kubernetes.io/unreachable node.kubernetes.io/unreachable", nodeState.StdOut.Trim());

        var resolved = await WaitForAlertAsync("KubePodCrashLooping", a => a["id"]!.GetValue<long>() == firing["id"]!.GetValue<long>(), "resolved", TimeSpan.FromMinutes(7));
        Assert.NotNull(resolved["resolvedAt"]);
    }

    private async Task<List<JsonNode>> AlertsAsync(string state)
    {
        var body = JsonNode.Parse(await _api.GetStringAsync($"/alerting/v1/alerts?state={state}"))!;
        return body["items"]!.AsArray().Select(a => a!).ToList();
    }

    private async Task<JsonNode> WaitForAlertAsync(string alertname, Func<JsonNode, bool> match, string state, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var found = (await AlertsAsync(state)).FirstOrDefault(a => a["alertname"]!.GetValue<string>() == alertname && match(a));
            if (found is not null) return found;
            if (DateTime.UtcNow > deadline)
            {
                var all = await _api.GetStringAsync("/alerting/v1/alerts?state=firing,acknowledged,resolved");
                Assert.Fail($"no {state} {alertname} at the receiver after {timeout}; it has: {all}");
            }
            await Task.Delay(1000);
        }
    }

    private Task<CommandResult> ObsAsync(string command) =>
        ProcessRunner.RunAsync(Path.Combine(RepositoryLayout.Root, "obs"), [command,
                "--apiserver-port", _port.ToString(CultureInfo.InvariantCulture), "--agent-port", _agentPort.ToString(CultureInfo.InvariantCulture),
                "--prometheus-port", "0", "--alertmanager-port", "0"],
            new Dictionary<string, string> { ["OBS_HOME"] = _home, ["OBS_PROMETHEUS_INTERVAL"] = "1", ["OBS_ALERT_FOR"] = "2" }, timeout: TimeSpan.FromMinutes(5));

    private Task<CommandResult> KubectlAsync(string kubeconfig, params string[] args) =>
        ProcessRunner.RunAsync("kubectl", ["--kubeconfig", kubeconfig, "--cache-dir", Path.Combine(_home, "kubectl-cache"), .. args]);
}
