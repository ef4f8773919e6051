namespace Obs.Cli.Cluster;

/// <summary>
/// The local cluster's Alertmanager for <c>obs up/down/status</c>: a background process (pid and log
/// under the cluster home) with the configuration <see cref="AlertmanagerConfig"/> generates, on
/// the preferred port when it is free (Debian's own service may hold 9093) and another otherwise.
/// </summary>
public sealed class AlertmanagerComponent(ClusterHome home, int preferredPort = 9093)
{
    public const string Name = "alertmanager";

    private readonly PortedService _service = new(home, Name, "Alertmanager");
    private string Root => Path.Combine(home.Root, Name);
    public string ConfigFile => Path.Combine(Root, "alertmanager.yml");
    private string StorageDirectory => Path.Combine(Root, "data");

    /// <summary>The running instance's URL, or null when it is stopped.</summary>
    public string? Url => _service.Url;

    /// <summary>Writes the configuration and starts Alertmanager, or reloads it when it already runs; returns its URL.</summary>
    public async Task<string> UpAsync(AlertmanagerConfigOptions config, TextWriter log, CancellationToken cancellationToken)
    {
        var binary = await AlertmanagerBinary.EnsureAsync(log, cancellationToken);
        Directory.CreateDirectory(Root);
        // The file holds the receiver's bearer token.
        await File.WriteAllTextAsync(ConfigFile, AlertmanagerConfig.Render(config), cancellationToken);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(ConfigFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        if (await _service.RunningUrlAsync(cancellationToken) is { } running)
        {
            await _service.ReloadAsync(running, log, cancellationToken);
            return running;
        }
        Directory.CreateDirectory(StorageDirectory);
        return await _service.StartAsync(binary, preferredPort, port => new AlertmanagerLaunch(ConfigFile, StorageDirectory, port).Arguments(), log, cancellationToken);
    }

    public Task DownAsync(TextWriter log) => _service.DownAsync(log);

    public void Status(TextWriter log) => _service.Status(log);
}
