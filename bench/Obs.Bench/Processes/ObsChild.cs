using Obs.Cli.Cluster;

namespace Obs.Bench.Processes;

/// <summary>
/// One `dotnet obs.dll COMMAND` process (the build `obs up` runs: the scheduler, a node agent)
/// against a benchmark apiserver, through a kubeconfig with the admin token; stopped by PID.
/// </summary>
internal sealed class ObsChild
{
    private readonly BackgroundProcess _process;
    private readonly string _logFile;

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
    public static ObsChild Start(BenchCluster cluster, string name, Uri server, string command, params string[] args)
    {
        // Files of their own: an apiserver child of the same benchmark is called "<benchmark>-<n>" too, and a
        // shared pid file would make stopping one stop the other (and leave the first running).
        var kubeconfig = Path.Combine(cluster.Root, $"child-{name}.kubeconfig");
        Kubeconfig.Write(kubeconfig, server.ToString().TrimEnd('/'), cluster.Pki.CaCertFile, cluster.Token);
        var logFile = Path.Combine(cluster.Root, $"child-{name}.log");
        var process = new BackgroundProcess(name, Path.Combine(cluster.Root, $"child-{name}.pid"), logFile);
        var obsDll = typeof(LocalCluster).Assembly.Location;
        var pid = process.Start(Environment.ProcessPath ?? "dotnet", [obsDll, command, "--kubeconfig", kubeconfig, .. args]);
        return new ObsChild(process, pid, logFile);
    }

    /// <summary>SIGTERM by PID, SIGKILL after 10 s.</summary>
    public Task StopAsync() => _process.StopAsync(TimeSpan.FromSeconds(10));

    public string Tail() => File.Exists(_logFile) ? string.Join('\n', File.ReadLines(_logFile).TakeLast(20)) : "(no log)";
}
