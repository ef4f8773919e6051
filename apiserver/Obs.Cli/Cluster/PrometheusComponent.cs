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

    private BackgroundProcess Process => new(Name, home.PidFile(Name), home.LogFile(Name));
    private string Root => Path.Combine(home.Root, Name);
    public string ConfigFile => Path.Combine(Root, "prometheus.yml");
    public string TokenFile => Path.Combine(Root, "token");
    private string DataDirectory => Path.Combine(Root, "data");
    private string PortFile => Path.Combine(home.Run, Name + ".port");

    public string? Url => Process.Pid is not null && ReadPort() is { } port ? UrlOf(port) : null;

    public static string? Find() => DebianPackage.Locate("prometheus");

    /// <summary>Writes the configuration and token, then starts Prometheus or has the running one reload; returns its URL.</summary>
    public async Task<string> UpAsync(PrometheusConfigOptions config, string token, TextWriter log, CancellationToken cancellationToken)
    {
        var binary = await DebianPackage.EnsureAsync(Package, Find, log, cancellationToken);
        Directory.CreateDirectory(Root);
        await File.WriteAllTextAsync(TokenFile, token, cancellationToken);
        File.SetUnixFileMode(TokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await File.WriteAllTextAsync(ConfigFile, PrometheusConfig.Render(config with { TokenFile = TokenFile }), cancellationToken);

        if (Process.Pid is { } running && ReadPort() is { } port)
        {
            var url = UrlOf(port);
            if (await LocalHttpServer.WaitReadyAsync(url, () => true, TimeSpan.FromSeconds(5), cancellationToken))
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
                using var reload = await http.PostAsync($"{url}/-/reload", null, cancellationToken);
                log.WriteLine($"{Name,-15}running (pid {running}) at {url}{(reload.IsSuccessStatusCode ? "" : $"; reloading the configuration failed: {await reload.Content.ReadAsStringAsync(cancellationToken)}")}");
                return url;
            }
            await Process.StopAsync(TimeSpan.FromSeconds(10));
        }

        var fresh = LocalHttpServer.PickPort(preferredPort);
        Directory.CreateDirectory(DataDirectory);
        var pid = Process.Start(binary,
        [
            $"--config.file={ConfigFile}",
            $"--storage.tsdb.path={DataDirectory}",
            $"--web.listen-address=127.0.0.1:{fresh.ToString(CultureInfo.InvariantCulture)}",
            "--web.enable-lifecycle",
            "--storage.tsdb.retention.time=7d",
        ]);
        Directory.CreateDirectory(home.Run);
        await File.WriteAllTextAsync(PortFile, fresh.ToString(CultureInfo.InvariantCulture), cancellationToken);
        if (!await LocalHttpServer.WaitReadyAsync(UrlOf(fresh), () => Process.Pid is not null, TimeSpan.FromSeconds(60), cancellationToken))
            throw new InvalidOperationException($"Prometheus did not become ready at {UrlOf(fresh)}; see {home.LogFile(Name)}");
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
