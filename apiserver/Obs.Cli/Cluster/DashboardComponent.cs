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

    private readonly PortedService _service = new(home, Name, "the dashboard");

    // Kept under the cluster home so a restarted dashboard still reads the sign-in cookies it issued.
    private string KeysDirectory => Path.Combine(home.Root, Name, "keys");

    public string? Url => _service.Url;

    /// <summary>Starts the dashboard unless it already runs and answers; returns its URL.</summary>
    public async Task<string> UpAsync(string executable, IReadOnlyList<string> selfArgs, string? prometheusUrl, TextWriter log, CancellationToken cancellationToken)
    {
        if (await _service.RunningUrlAsync(cancellationToken) is { } running)
        {
            _service.LogRunning(running, log);
            return running;
        }
        Directory.CreateDirectory(KeysDirectory);
        return await _service.StartAsync(executable, preferredPort, port =>
        {
            string[] args = [.. selfArgs, "dashboard", "--kubeconfig", home.Kubeconfig, "--port", port.ToString(CultureInfo.InvariantCulture), "--keys-dir", KeysDirectory];
            return prometheusUrl is null ? args : [.. args, "--prometheus-url", prometheusUrl];
        }, log, cancellationToken);
    }

    public Task DownAsync(TextWriter log) => _service.DownAsync(log);

    public void Status(TextWriter log) => _service.Status(log);
}
