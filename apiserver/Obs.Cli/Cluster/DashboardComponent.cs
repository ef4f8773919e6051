using System.Globalization;

namespace Obs.Cli.Cluster;

/// <summary>
/// The local cluster's dashboard for <c>obs up/down/status</c>: <c>obs dashboard</c> as a background
/// process, watching the cluster with the admin kubeconfig and charting from the local
/// Prometheus, on the preferred port when it is free and another otherwise.
/// </summary>
public sealed class DashboardComponent(ClusterHome home, int preferredPort = 8080)
{
    public const string Name = "dashboard";

    private BackgroundProcess Process => new(Name, home.PidFile(Name), home.LogFile(Name));
    private string PortFile => Path.Combine(home.Run, Name + ".port");

    // Kept under the cluster home so a restarted dashboard still reads the sign-in cookies it issued.
    private string KeysDirectory => Path.Combine(home.Root, Name, "keys");

    public string? Url => Process.Pid is not null && ReadPort() is { } port ? UrlOf(port) : null;

    /// <summary>Starts the dashboard unless it already runs and answers; returns its URL.</summary>
    public async Task<string> UpAsync(string executable, IReadOnlyList<string> selfArgs, string? prometheusUrl, TextWriter log, CancellationToken cancellationToken)
    {
        if (Process.Pid is { } running && ReadPort() is { } port)
        {
            if (await LocalHttpServer.WaitReadyAsync(UrlOf(port), () => true, TimeSpan.FromSeconds(5), cancellationToken))
            {
                log.WriteLine($"{Name,-15}running (pid {running}) at {UrlOf(port)}");
                return UrlOf(port);
            }
            await Process.StopAsync(TimeSpan.FromSeconds(10));
        }
        var fresh = LocalHttpServer.PickPort(preferredPort);
        Directory.CreateDirectory(KeysDirectory);
        string[] args = [.. selfArgs, "dashboard", "--kubeconfig", home.Kubeconfig, "--port", fresh.ToString(CultureInfo.InvariantCulture), "--keys-dir", KeysDirectory];
        if (prometheusUrl is not null) args = [.. args, "--prometheus-url", prometheusUrl];
        var pid = Process.Start(executable, args);
        Directory.CreateDirectory(home.Run);
        await File.WriteAllTextAsync(PortFile, fresh.ToString(CultureInfo.InvariantCulture), cancellationToken);
        if (!await LocalHttpServer.WaitReadyAsync(UrlOf(fresh), () => Process.Pid is not null, TimeSpan.FromSeconds(60), cancellationToken))
            throw new InvalidOperationException($"the dashboard did not become ready at {UrlOf(fresh)}; see {home.LogFile(Name)}");
        log.WriteLine($"{Name,-15}started (pid {pid}) at {UrlOf(fresh)}");
        return UrlOf(fresh);
    }

    public async Task DownAsync(TextWriter log)
    {
        if (Process.Pid is not { } pid) return;
        await Process.StopAsync(TimeSpan.FromSeconds(15));
        log.WriteLine($"{Name,-15}stopped (pid {pid})");
    }

    public void Status(TextWriter log) =>
        log.WriteLine(Process.Pid is { } pid && Url is { } url ? $"{Name,-15}running (pid {pid}) at {url}" : $"{Name,-15}stopped");

    private static string UrlOf(int port) => $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";

    private int? ReadPort() =>
        File.Exists(PortFile) && int.TryParse(File.ReadAllText(PortFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : null;
}
