using System.Globalization;
using System.Net;
using System.Net.Sockets;

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

    /// <summary><paramref name="preferred"/> when nothing listens there, else any free port.</summary>
    public static int PickPort(int preferred)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, preferred);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        catch (SocketException)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }

    /// <summary>Polls <c>/-/ready</c> until Alertmanager answers 200; false when <paramref name="alive"/> says it died or time ran out.</summary>
    public async Task<bool> WaitReadyAsync(Func<bool> alive, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (!alive()) return false;
            try
            {
                using var response = await http.GetAsync($"{Url}/-/ready", cancellationToken);
                if (response.IsSuccessStatusCode) return true;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
            await Task.Delay(100, cancellationToken);
        }
        return false;
    }
}
