using System.Globalization;

namespace Obs.Cli.Cluster;

/// <summary>
/// A part of the local cluster that runs as a background process serving HTTP on 127.0.0.1 (Prometheus,
/// Alertmanager, the dashboard): pid and log under the cluster home, and the port it was started on
/// (the preferred one when free, another otherwise) in a port file, so a later up, status or down finds it.
/// </summary>
public sealed class PortedService(ClusterHome home, string name, string title)
{
    public string Name => name;

    private BackgroundProcess Process => new(name, home.PidFile(name), home.LogFile(name));

    private string PortFile => Path.Combine(home.Run, name + ".port");

    public int? Pid => Process.Pid;

    /// <summary>The running instance's URL, or null when it is stopped.</summary>
    public string? Url => Process.Pid is not null && ReadPort() is { } port ? UrlOf(port) : null;

    public static string UrlOf(int port) => $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// The URL of the instance already running when it answers within 5 s. One that runs but does not answer
    /// where we expect it is stopped, so it is replaced rather than joined by a second one; null then and when none runs.
    /// </summary>
    public async Task<string?> RunningUrlAsync(CancellationToken cancellationToken)
    {
        if (Process.Pid is null) return null;
        if (ReadPort() is { } port && await LocalHttpServer.WaitReadyAsync(UrlOf(port), () => true, TimeSpan.FromSeconds(5), cancellationToken))
            return UrlOf(port);
        await Process.StopAsync(TimeSpan.FromSeconds(10));
        return null;
    }

    /// <summary>
    /// Starts <paramref name="executable"/> with the arguments for a free port, records the port and waits until it answers;
    /// returns its URL. The port can be taken between the check and the process's bind: pods share the node's network,
    /// and the agent, started just before, gives a pod that declares 8080 or 9090 that port when it is free. The process
    /// then exits at once, and is started again on a port the kernel picks (twice at most).
    /// </summary>
    public async Task<string> StartAsync(string executable, int preferredPort, Func<int, IReadOnlyList<string>> arguments, TextWriter log, CancellationToken cancellationToken)
    {
        var port = LocalHttpServer.PickPort(preferredPort);
        for (var attempt = 1; ; attempt++)
        {
            var pid = Process.Start(executable, arguments(port));
            Cluster.PortFile.Write(PortFile, port);
            if (await LocalHttpServer.WaitReadyAsync(UrlOf(port), () => Process.Pid is not null, TimeSpan.FromSeconds(60), cancellationToken))
            {
                log.WriteLine($"{name,-15}started (pid {pid}) at {UrlOf(port)}");
                return UrlOf(port);
            }
            if (Process.Pid is not null || attempt == MaxStarts)
                throw new InvalidOperationException($"{title} did not become ready at {UrlOf(port)}; see {home.LogFile(name)}");
            var taken = port;
            port = LocalHttpServer.PickPort(0);
            log.WriteLine($"{name,-15}exited at once on port {taken} (taken meanwhile?); starting it on {port}");
        }
    }

    private const int MaxStarts = 3;

    /// <summary>Asks a running Prometheus or Alertmanager to read its configuration again, and says so.</summary>
    public async Task ReloadAsync(string url, TextWriter log, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var reload = await http.PostAsync($"{url}/-/reload", null, cancellationToken);
        var failure = reload.IsSuccessStatusCode ? "" : $"; reloading the configuration failed: {await reload.Content.ReadAsStringAsync(cancellationToken)}";
        LogRunning(url, log, failure);
    }

    public void LogRunning(string url, TextWriter log, string suffix = "") => log.WriteLine($"{name,-15}running (pid {Process.Pid}) at {url}{suffix}");

    public async Task DownAsync(TextWriter log)
    {
        if (Process.Pid is not { } pid) return;
        await Process.StopAsync(TimeSpan.FromSeconds(15));
        log.WriteLine($"{name,-15}stopped (pid {pid})");
    }

    public void Status(TextWriter log) =>
        log.WriteLine(Process.Pid is { } pid && Url is { } url ? $"{name,-15}running (pid {pid}) at {url}" : $"{name,-15}stopped");

    private int? ReadPort() => Cluster.PortFile.Read(PortFile);
}
