using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Obs.ApiServer.ControlPlane;

/// <summary>Where clients reach one apiserver: the address it advertises and the port it serves on.</summary>
public sealed record ApiServerEndpoint(IPAddress Address, int Port)
{
    public override string ToString() => $"{Address}:{Port}";

    public static ApiServerEndpoint? Parse(string? text) =>
        IPEndPoint.TryParse(text ?? "", out var endpoint) && endpoint.AddressFamily == AddressFamily.InterNetwork && endpoint.Port > 0
            ? new ApiServerEndpoint(endpoint.Address, endpoint.Port)
            : null;

    /// <summary>The configured address, else the listen address when it is one IPv4 address, else the host's first routable IPv4 address.</summary>
    public static IPAddress Advertised(IPAddress? configured, IPAddress listen)
    {
        if (configured is not null) return configured;
        if (listen.AddressFamily == AddressFamily.InterNetwork && !listen.Equals(IPAddress.Any)) return listen;
        return NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            ?? IPAddress.Loopback;
    }
}
