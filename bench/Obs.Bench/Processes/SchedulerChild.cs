using Obs.Cli.Cluster;

namespace Obs.Bench.Processes;

/// <summary>
/// One `dotnet obs.dll scheduler` process (the build `obs up` runs) against a benchmark apiserver,
/// through a kubeconfig with the admin token; stopped by PID.
/// </summary>
internal sealed class SchedulerChild
{
    private readonly BackgroundProcess _process;
    private readonly string _logFile;

    private SchedulerChild(BackgroundProcess process, int pid, string logFile)
    {
        _process = process;
        Pid = pid;
        _logFile = logFile;
    }

    public int Pid { get; }
    public bool IsRunning => _process.Pid is not null;
    public double? RssMegabytes => ProcStat.StatusMegabytes(Pid, "VmRSS");

    public static SchedulerChild Start(BenchCluster cluster, string name, Uri server)
    {
        var kubeconfig = Path.Combine(cluster.Root, $"{name}.kubeconfig");
        Kubeconfig.Write(kubeconfig, server.ToString().TrimEnd('/'), cluster.Pki.CaCertFile, cluster.Token);
        var logFile = Path.Combine(cluster.Root, $"{name}.log");
        var process = new BackgroundProcess(name, Path.Combine(cluster.Root, $"{name}.pid"), logFile);
        var obsDll = typeof(LocalCluster).Assembly.Location;
        // The client limits kube-scheduler is benchmarked with upstream are far above its defaults; ours match `obs up`'s.
        var pid = process.Start(Environment.ProcessPath ?? "dotnet", [obsDll, "scheduler", "--kubeconfig", kubeconfig]);
        return new SchedulerChild(process, pid, logFile);
    }

    /// <summary>SIGTERM by PID, SIGKILL after 10 s.</summary>
    public Task StopAsync() => _process.StopAsync(TimeSpan.FromSeconds(10));

    public string Tail() => File.Exists(_logFile) ? string.Join('\n', File.ReadLines(_logFile).TakeLast(20)) : "(no log)";
}
