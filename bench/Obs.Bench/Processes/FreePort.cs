using System.Net;
using System.Net.Sockets;

namespace Obs.Bench.Processes;

internal static class FreePort
{
    /// <summary>A port free right now on the loopback address (the kernel picks it).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
