using System.Globalization;

namespace Obs.Cli.Cluster;

/// <summary>
/// The local cluster's Alertmanager for <c>obs up/down/status</c>: a background process (pid and log
/// under the cluster home) with the configuration <see cref="AlertmanagerConfig"/> generates, on
/// the preferred port when it is free (Debian's own service may hold 9093) and another otherwise.
/// </summary>
public sealed class AlertmanagerComponent(ClusterHome home, int preferredPort = 9093)
{
    public const string Name = "alertmanager";

    private BackgroundProcess Process => new(Name, home.PidFile(Name), home.LogFile(Name));
    private string Root => Path.Combine(home.Root, Name);
    public string ConfigFile => Path.Combine(Root, "alertmanager.yml");
    private string StorageDirectory => Path.Combine(Root, "data");
    private string PortFile => Path.Combine(home.Run, Name + ".port");

    /// <summary>The running instance's URL, or null when it is stopped.</summary>
    public string? Url => Process.Pid is not null && ReadPort() is { } port ? new AlertmanagerLaunch(ConfigFile, StorageDirectory, port).Url : null;

    /// <summary>Writes the configuration and starts Alertmanager, or reloads it when it already runs; returns its URL.</summary>
    public async Task<string> UpAsync(AlertmanagerConfigOptions config, TextWriter log, CancellationToken cancellationToken)
    {
        var binary = await AlertmanagerBinary.EnsureAsync(log, cancellationToken);
        Directory.CreateDirectory(Root);
        // The file holds the receiver's bearer token.
        await File.WriteAllTextAsync(ConfigFile, AlertmanagerConfig.Render(config), cancellationToken);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(ConfigFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        if (Process.Pid is { } running)
        {
            var launch = ReadPort() is { } port ? new AlertmanagerLaunch(ConfigFile, StorageDirectory, port) : null;
            if (launch is not null && await launch.WaitReadyAsync(() => true, TimeSpan.FromSeconds(5), cancellationToken))
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
                using var reload = await http.PostAsync($"{launch.Url}/-/reload", null, cancellationToken);
                log.WriteLine($"{Name,-15}running (pid {running}) at {launch.Url}{(reload.IsSuccessStatusCode ? "" : $"; reloading the configuration failed: {await reload.Content.ReadAsStringAsync(cancellationToken)}")}");
                return launch.Url;
            }
            // Running but not answering where we expect it: replace it rather than start a second one.
            await Process.StopAsync(TimeSpan.FromSeconds(10));
        }

        var fresh = new AlertmanagerLaunch(ConfigFile, StorageDirectory, AlertmanagerLaunch.PickPort(preferredPort));
        Directory.CreateDirectory(StorageDirectory);
        var pid = Process.Start(binary, fresh.Arguments());
        Directory.CreateDirectory(home.Run);
        await File.WriteAllTextAsync(PortFile, fresh.Port.ToString(CultureInfo.InvariantCulture), cancellationToken);
        if (!await fresh.WaitReadyAsync(() => Process.Pid is not null, TimeSpan.FromSeconds(60), cancellationToken))
            throw new InvalidOperationException($"Alertmanager did not become ready at {fresh.Url}; see {home.LogFile(Name)}");
        log.WriteLine($"{Name,-15}started (pid {pid}) at {fresh.Url}");
        return fresh.Url;
    }

    public async Task DownAsync(TextWriter log)
    {
        if (Process.Pid is not { } pid) return;
        await Process.StopAsync(TimeSpan.FromSeconds(15));
        log.WriteLine($"{Name,-15}stopped (pid {pid})");
    }

    public void Status(TextWriter log) =>
        log.WriteLine(Process.Pid is { } pid && Url is { } url ? $"{Name,-15}running (pid {pid}) at {url}" : $"{Name,-15}stopped");

    private int? ReadPort() =>
        File.Exists(PortFile) && int.TryParse(File.ReadAllText(PortFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : null;
}
