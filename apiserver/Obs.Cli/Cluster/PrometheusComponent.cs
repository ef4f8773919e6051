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
        await File.WriteAllTextAsync(ConfigFile, PrometheusConfig.Render(config with { TokenFile = TokenFile }), cancellationToken);

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

    public Task DownAsync(TextWriter log) => _service.DownAsync(log);

    public void Status(TextWriter log) => _service.Status(log);
}
