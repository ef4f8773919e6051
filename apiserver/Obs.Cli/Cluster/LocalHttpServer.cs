using System.Net;
using System.Net.Sockets;

namespace Obs.Cli.Cluster;

/// <summary>What the local Prometheus and Alertmanager have in common: a port on 127.0.0.1 and a <c>/-/ready</c> to wait for.</summary>
public static class LocalHttpServer
{
    /// <summary><paramref name="preferred"/> when nothing listens there (Debian's own service may), else any free port.</summary>
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

    /// <summary>Polls <c>{url}/-/ready</c> until it answers 200; false when <paramref name="alive"/> says the process died or time ran out.</summary>
    public static async Task<bool> WaitReadyAsync(string url, Func<bool> alive, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (!alive()) return false;
            try
            {
                using var response = await http.GetAsync($"{url}/-/ready", cancellationToken);
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
