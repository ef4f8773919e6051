using System.Globalization;
using Obs.Cli.Cluster;
using Obs.Testing;

namespace Obs.EndToEnd.Tests.ObsCommand;

/// <summary>
/// A fresh OBS_HOME for the real <c>./obs</c> launcher, with ports of its own for every component
/// (so tests never meet each other or a cluster the machine's user runs), and kubectl pointed at the
/// kubeconfig <c>obs up</c> writes there.
/// </summary>
public sealed class ObsHome(string name, IReadOnlyDictionary<string, string> environment)
{
    private readonly int _dashboardPort = FreePort.Next();
    private readonly int _ingressHttpPort = FreePort.Next();
    private readonly int _ingressHttpsPort = FreePort.Next();

    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"obs-{name}-home-{Environment.ProcessId}-{Guid.NewGuid():N}");

    public int ApiServerPort { get; } = FreePort.Next();

    public int AgentPort { get; } = FreePort.Next();

    public string Kubeconfig => Path.Combine(Root, "kubeconfig");

    public string CaFile => Path.Combine(Root, "pki", "ca.crt");

    /// <summary><c>./obs COMMAND</c> with this home's ports (ingress, Prometheus and Alertmanager on free ones, never the machine's :80) and environment.</summary>
    public Task<CommandResult> ObsAsync(string command) =>
        ProcessRunner.RunAsync(Path.Combine(RepositoryLayout.Root, "obs"), [command,
                "--apiserver-port", Text(ApiServerPort), "--agent-port", Text(AgentPort), "--dashboard-port", Text(_dashboardPort),
                "--prometheus-port", "0", "--alertmanager-port", "0",
                .. command == "up" ? ["--ingress-http-port", Text(_ingressHttpPort), "--ingress-https-port", Text(_ingressHttpsPort)] : Array.Empty<string>()],
            // The machine-wide claims of service ranges are kept in the home too, so tests leave none behind.
            new Dictionary<string, string>(environment) { ["OBS_HOME"] = Root, ["OBS_SERVICE_RANGE_CLAIMS"] = Path.Combine(Root, "service-range-claims") }, timeout: TimeSpan.FromMinutes(5));

    public Task<CommandResult> KubectlAsync(params string[] args) =>
        ProcessRunner.RunAsync("kubectl", ["--kubeconfig", Kubeconfig, "--cache-dir", Path.Combine(Root, "kubectl-cache"), .. args], timeout: TimeSpan.FromSeconds(120));

    /// <summary>Runs kubectl and fails the test when it does not exit 0; returns its standard output.</summary>
    public async Task<string> KubectlOkAsync(params string[] args)
    {
        var result = await KubectlAsync(args);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(' ', args)} failed: {result}");
        return result.StdOut;
    }

    /// <summary>Waits for the agent's Node (registered a moment after <c>up</c> returns) to be Ready.</summary>
    public async Task WaitForNodeReadyAsync()
    {
        for (var i = 0; i < 60 && (await KubectlAsync("get", "nodes", "-o", "name")).StdOut.Trim().Length == 0; i++) await Task.Delay(1000);
        await KubectlOkAsync("wait", "--for=condition=Ready", "node", "--all", "--timeout=60s");
    }

    /// <summary>
    /// <c>obs down</c> and the home removed. Pods outlive their agent (a restarted agent adopts them), so
    /// <c>obs down</c> alone would leave the tests' containers running on this machine: their owners go
    /// first, then the pods, and the agent stops them.
    /// </summary>
    public async Task DownAndRemoveAsync()
    {
        if (File.Exists(Kubeconfig))
        {
            await KubectlAsync("delete", "deployments,statefulsets,daemonsets,replicasets,jobs,cronjobs", "--all", "--all-namespaces", "--wait=false");
            await KubectlAsync("delete", "pods", "--all", "--all-namespaces", "--grace-period=1", "--timeout=60s");
        }
        await ObsAsync("down");
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>The admin token from the summary <c>obs up</c> ends with ("token  …").</summary>
    public static string Token(string upOutput) => SummaryLines(upOutput).Single(l => l.StartsWith("token ", StringComparison.Ordinal))["token".Length..].Trim();

    /// <summary>A component's address from that summary ("dashboard   http://127.0.0.1:PORT   (sign in …)").</summary>
    public static string Url(string upOutput, string component) => SummaryLines(upOutput)
        .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .Single(words => words.Length > 1 && words[0] == component && words[1].StartsWith("http", StringComparison.Ordinal))[1];

    private static IEnumerable<string> SummaryLines(string upOutput) => upOutput.Split('\n').Select(l => l.Trim());

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
