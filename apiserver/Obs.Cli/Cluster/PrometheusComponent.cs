using System.Globalization;

namespace Obs.Cli.Cluster;

/// <summary>
/// The local cluster's Prometheus (Debian's package) for <c>obs up/down/status</c>: a background
/// process with the configuration <see cref="PrometheusConfig"/> generates, its data under the
/// cluster home, on the preferred port when it is free and another otherwise.
/// </summary>
public sealed class PrometheusComponent(ClusterHome home, int preferredPort = 9090)
{
    public const string Name = "prometheus";
    public const string Package = "prometheus";

    private readonly PortedService _service = new(home, Name, "Prometheus");
    private string Root => Path.Combine(home.Root, Name);
    public string ConfigFile => Path.Combine(Root, "prometheus.yml");
    public string TokenFile => Path.Combine(Root, "token");
    public string DashboardTargetsFile => Path.Combine(Root, "obs-dashboard-targets.json");
    private string DataDirectory => Path.Combine(Root, "data");

    public string? Url => _service.Url;

    public static string? Find() => DebianPackage.Locate("prometheus");

    /// <summary>Writes the configuration and token, then starts Prometheus or has the running one reload; returns its URL.</summary>
    public async Task<string> UpAsync(PrometheusConfigOptions config, string token, TextWriter log, CancellationToken cancellationToken)
    {
        var binary = await DebianPackage.EnsureAsync(Package, Find, log, cancellationToken);
        Directory.CreateDirectory(Root);
        await File.WriteAllTextAsync(TokenFile, token, cancellationToken);
        File.SetUnixFileMode(TokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        // No target until the dashboard is up (WriteDashboardTargetAsync): an empty list, so the file always reads.
        if (!File.Exists(DashboardTargetsFile)) await File.WriteAllTextAsync(DashboardTargetsFile, "[]", cancellationToken);
        await File.WriteAllTextAsync(ConfigFile, PrometheusConfig.Render(config with { TokenFile = TokenFile, DashboardTargetsFile = DashboardTargetsFile }), cancellationToken);

        if (await _service.RunningUrlAsync(cancellationToken) is { } running)
        {
            await _service.ReloadAsync(running, log, cancellationToken);
            return running;
        }
        Directory.CreateDirectory(DataDirectory);
        return await _service.StartAsync(binary, preferredPort, port =>
        [
            $"--config.file={ConfigFile}",
            $"--storage.tsdb.path={DataDirectory}",
            $"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            "--web.enable-lifecycle",
            "--storage.tsdb.retention.time=7d",
        ], log, cancellationToken);
    }

    /// <summary>Points the <c>obs-dashboard</c> job at the dashboard; Prometheus notices the file's change by itself.</summary>
    public async Task WriteDashboardTargetAsync(string dashboardUrl, CancellationToken cancellationToken)
    {
        // Written aside and moved in, so Prometheus never reads half a file.
        var next = DashboardTargetsFile + ".next";
        await File.WriteAllTextAsync(next, PrometheusConfig.DashboardTargets(dashboardUrl), cancellationToken);
        File.Move(next, DashboardTargetsFile, overwrite: true);
    }

    public Task DownAsync(TextWriter log) => _service.DownAsync(log);

    public void Status(TextWriter log) => _service.Status(log);
}
