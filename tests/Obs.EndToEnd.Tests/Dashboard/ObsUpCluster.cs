using System.Globalization;
using Obs.Cli.Cluster;
using Obs.Testing;

namespace Obs.EndToEnd.Tests.Dashboard;

/// <summary>
/// The whole cluster as <c>./obs up</c> starts it, shared by a test class: apiserver, controllers,
/// scheduler, the node agent running pods as processes, Prometheus (1 s interval), Alertmanager with
/// the alert rules' <c>for:</c> shortened, and the dashboard, on ports of their own under a fresh home.
/// </summary>
public sealed class ObsUpCluster : IAsyncLifetime
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), $"obs-dash-home-{Environment.ProcessId}-{Guid.NewGuid():N}");
    private readonly int _port = FreePort.Next();
    private readonly int _agentPort = FreePort.Next();
    private readonly int _dashboardPort = FreePort.Next();

    /// <summary>The dashboard's address, as <c>obs up</c> printed it.</summary>
    public string DashboardUrl { get; private set; } = "";

    /// <summary>The admin token <c>obs up</c> printed, to sign in with.</summary>
    public string Token { get; private set; } = "";

    public string Kubeconfig => Path.Combine(_home, "kubeconfig");

    public async Task InitializeAsync()
    {
        var up = await ObsAsync("up");
        Assert.True(up.ExitCode == 0, up.ToString());
        var lines = up.StdOut.Split('\n').Select(l => l.Trim()).ToList();
        Token = lines.Single(l => l.StartsWith("token ", StringComparison.Ordinal))["token".Length..].Trim();
        DashboardUrl = lines.Single(l => l.StartsWith("dashboard   http", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        // The agent registers its Node a moment after `up` returns; pods need it Ready.
        for (var i = 0; i < 60 && (await KubectlAsync("get", "nodes", "-o", "name")).StdOut.Trim().Length == 0; i++) await Task.Delay(1000);
        await KubectlOkAsync("wait", "--for=condition=Ready", "node", "--all", "--timeout=60s");
    }

    public async Task DisposeAsync()
    {
        // Pods outlive their agent (a restarted agent adopts them), so `obs down` alone would leave the
        // tests' containers running on this machine: their owners go first, then the pods, and the agent stops them.
        await KubectlAsync("delete", "deployments,statefulsets,daemonsets,replicasets,jobs,cronjobs", "--all", "--all-namespaces", "--wait=false");
        await KubectlAsync("delete", "pods", "--all", "--all-namespaces", "--grace-period=1", "--timeout=60s");
        await ObsAsync("down");
        try { Directory.Delete(_home, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public Task<CommandResult> KubectlAsync(params string[] args) =>
        ProcessRunner.RunAsync("kubectl", ["--kubeconfig", Kubeconfig, "--cache-dir", Path.Combine(_home, "kubectl-cache"), .. args], timeout: TimeSpan.FromSeconds(120));

    /// <summary>Runs kubectl and fails the test when it does not exit 0; returns its standard output.</summary>
    public async Task<string> KubectlOkAsync(params string[] args)
    {
        var result = await KubectlAsync(args);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(' ', args)} failed: {result}");
        return result.StdOut;
    }

    private Task<CommandResult> ObsAsync(string command) =>
        ProcessRunner.RunAsync(Path.Combine(RepositoryLayout.Root, "obs"), [command,
                "--apiserver-port", _port.ToString(CultureInfo.InvariantCulture), "--agent-port", _agentPort.ToString(CultureInfo.InvariantCulture),
                "--prometheus-port", "0", "--alertmanager-port", "0", "--dashboard-port", _dashboardPort.ToString(CultureInfo.InvariantCulture)],
            new Dictionary<string, string> { ["OBS_HOME"] = _home, ["OBS_PROMETHEUS_INTERVAL"] = "1", ["OBS_ALERT_FOR"] = "2" }, timeout: TimeSpan.FromMinutes(5));
}
