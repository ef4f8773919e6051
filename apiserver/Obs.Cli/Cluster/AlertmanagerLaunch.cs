using System.Globalization;

namespace Obs.Cli.Cluster;

/// <summary>
/// One Alertmanager instance: its configuration file, its data directory (silences and the
/// notification log survive restarts there) and its address on 127.0.0.1. Clustering is off: a
/// local instance gossiping on :9094 would collide with any other one on the machine.
/// </summary>
public sealed record AlertmanagerLaunch(string ConfigFile, string StorageDirectory, int Port)
{
    public string Url => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public IReadOnlyList<string> Arguments() =>
    [
        $"--config.file={ConfigFile}",
        $"--storage.path={StorageDirectory}",
        $"--web.listen-address=127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}",
        $"--web.external-url={Url}",
        "--cluster.listen-address=",
    ];

    public static int PickPort(int preferred) => LocalHttpServer.PickPort(preferred);

    /// <summary>Polls <c>/-/ready</c> until Alertmanager answers 200; false when <paramref name="alive"/> says it died or time ran out.</summary>
    public Task<bool> WaitReadyAsync(Func<bool> alive, TimeSpan timeout, CancellationToken cancellationToken) =>
        LocalHttpServer.WaitReadyAsync(Url, alive, timeout, cancellationToken);
}
