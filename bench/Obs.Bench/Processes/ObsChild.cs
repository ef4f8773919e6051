using Obs.Cli.Cluster;

namespace Obs.Bench.Processes;

/// <summary>
/// One `dotnet obs.dll COMMAND` process (the build `obs up` runs: the scheduler, the controllers), or a node agent
/// against a benchmark apiserver, through a kubeconfig with the admin token; stopped by PID.
/// </summary>
internal sealed class ObsChild
{
    private readonly BackgroundProcess _process;
    private readonly string _logFile;
    private string? _stateDirectory;

    private ObsChild(BackgroundProcess process, int pid, string logFile)
    {
        _process = process;
        Pid = pid;
        _logFile = logFile;
    }

    public string Name => _process.Name;
    public int Pid { get; }
    public bool IsRunning => _process.Pid is not null;
    public double? RssMegabytes => ProcStat.StatusMegabytes(Pid, "VmRSS");

    /// <summary>Starts `obs <paramref name="command"/> --kubeconfig K <paramref name="args"/>`.</summary>
    public static ObsChild Start(BenchCluster cluster, string name, Uri server, string command, params string[] args) =>
        Launch(cluster, name, server, Environment.ProcessPath ?? "dotnet", [ObsBuild.Dll, command], args);

    /// <summary>Starts the node agent `./obs up` runs (<see cref="AgentBuild"/>) with `--kubeconfig K <paramref name="args"/>`.</summary>
    public static ObsChild StartAgent(BenchCluster cluster, string name, Uri server, params string[] args)
    {
        var (executable, prefix) = AgentBuild.Command;
        return Launch(cluster, name, server, executable, prefix, ["--cluster-dns", BenchCluster.ClusterDns, .. args]);
    }

    private static ObsChild Launch(BenchCluster cluster, string name, Uri server, string executable, string[] prefix, string[] args)
    {
        // Files of their own: an apiserver child of the same benchmark is called "<benchmark>-<n>" too, and a
        // shared pid file would make stopping one stop the other (and leave the first running).
        var kubeconfig = Path.Combine(cluster.Root, $"child-{name}.kubeconfig");
        Kubeconfig.Write(kubeconfig, server.ToString().TrimEnd('/'), cluster.Pki.CaCertFile, cluster.Token);
        var logFile = Path.Combine(cluster.Root, $"child-{name}.log");
        var process = new BackgroundProcess(name, Path.Combine(cluster.Root, $"child-{name}.pid"), logFile);
        var pid = process.Start(executable, [.. prefix, "--kubeconfig", kubeconfig, .. args]);
        return new ObsChild(process, pid, logFile);
    }

    /// <summary>
    /// A real node agent (<see cref="AgentBuild"/>) registering <paramref name="node"/> at 127.0.0.1 with a state directory
    /// of its own, once its Node is Ready; stopped (and its state directory removed) if it does not get there.
    /// </summary>
    public static async Task<ObsChild> StartAgentAsync(BenchCluster cluster, string name, Uri server, string node, HttpClient client, CancellationToken cancellationToken)
    {
        var state = Path.Combine(cluster.Root, $"child-{name}-state");
        var agent = StartAgent(cluster, name, server, "--name", node, "--port", "0", "--state-dir", state, "--address", "127.0.0.1");
        agent._stateDirectory = state;
        try
        {
            await ObsChildWaits.UntilAsync(() => ObsChildWaits.NodeReadyAsync(client, node, cancellationToken), agent, TimeSpan.FromSeconds(60), "the node to be Ready", cancellationToken);
        }
        catch
        {
            await agent.StopAsync();
            throw;
        }
        return agent;
    }

    /// <summary>SIGTERM by PID, SIGKILL after 10 s; an agent's state directory goes with it.</summary>
    public async Task StopAsync()
    {
        await _process.StopAsync(TimeSpan.FromSeconds(10));
        if (_stateDirectory is null) return;
        try { Directory.Delete(_stateDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public string Tail() => File.Exists(_logFile) ? string.Join('\n', File.ReadLines(_logFile).TakeLast(20)) : "(no log)";
}
