using System.Diagnostics;
using System.Globalization;
using Obs.Cli.Cluster;

namespace Obs.Bench.Processes;

/// <summary>
/// One `dotnet obs.dll apiserver` process, started in a session of its own (so a Ctrl-C at the
/// terminal reaches only the benchmark, which then stops it by PID), with its log in the run directory.
/// </summary>
internal sealed class ApiServerChild
{
    private readonly BackgroundProcess _process;
    private readonly string _logFile;
    private readonly string _caCertFile;

    private ApiServerChild(BackgroundProcess process, int pid, int port, string logFile, string caCertFile)
    {
        _process = process;
        Pid = pid;
        Port = port;
        _logFile = logFile;
        _caCertFile = caCertFile;
    }

    public int Pid { get; }
    public int Port { get; }
    public Uri Server => new($"https://127.0.0.1:{Port}");
    public bool IsRunning => _process.Pid is not null;

    public double? RssMegabytes => ProcStat.StatusMegabytes(Pid, "VmRSS");
    public double? PeakRssMegabytes => ProcStat.StatusMegabytes(Pid, "VmHWM");

    public static ApiServerChild Start(BenchCluster cluster, string name, string databaseUrl)
    {
        var port = FreePort.Next();
        var logFile = Path.Combine(cluster.Root, $"{name}.log");
        var process = new BackgroundProcess(name, Path.Combine(cluster.Root, $"{name}.pid"), logFile);
        // The same build `obs up` runs (see ObsBuild).
        var obsDll = ObsBuild.Dll;
        var pid = process.Start(Environment.ProcessPath ?? "dotnet", [obsDll, "apiserver",
            "--port", port.ToString(CultureInfo.InvariantCulture),
            "--tls-cert-file", cluster.Pki.ServingCertFile, "--tls-private-key-file", cluster.Pki.ServingKeyFile,
            "--token-auth-file", cluster.TokenFile, "--database-url", databaseUrl, "--service-cluster-ip-range", BenchCluster.ServiceClusterIpRange]);
        return new ApiServerChild(process, pid, port, logFile, cluster.Pki.CaCertFile);
    }

    /// <summary>Waits for /readyz (the watch cache loaded); returns how long the start took.</summary>
    public async Task<TimeSpan> WaitReadyAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var client = LocalCluster.TrustingClient(_caCertFile);
        while (clock.Elapsed < TimeSpan.FromMinutes(5))
        {
            if (!IsRunning) throw new InvalidOperationException($"the apiserver exited during start-up; its log:\n{Tail()}");
            try
            {
                using var response = await client.GetAsync(new Uri(Server, "/readyz"), cancellationToken);
                if (response.IsSuccessStatusCode) return clock.Elapsed;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested) { }
            await Task.Delay(50, cancellationToken);
        }
        throw new TimeoutException($"the apiserver did not become ready; its log:\n{Tail()}");
    }

    /// <summary>SIGTERM by PID, SIGKILL after 10 s.</summary>
    public Task StopAsync() => _process.StopAsync(TimeSpan.FromSeconds(10));

    /// <summary>The lines of the apiserver's log that <paramref name="match"/> accepts, oldest first.</summary>
    public IEnumerable<string> LogLines(Func<string, bool> match) => File.Exists(_logFile) ? File.ReadLines(_logFile).Where(match) : [];

    private string Tail() => File.Exists(_logFile) ? string.Join('\n', File.ReadLines(_logFile).TakeLast(20)) : "(no log)";
}
