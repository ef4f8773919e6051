using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.NodeAgent.Pods;

/// <summary>
/// Pods share the node's network, so each declared containerPort gets a host port: the declared
/// one when it is free, else a free one the kernel picks. The container learns its ports from
/// <c>PORT</c> (the first) and <c>OBS_PORT_&lt;NAME&gt;</c> (named ones).
/// </summary>
public static class HostPorts
{
    /// <summary>Declared port → assigned port, in declaration order, with names.</summary>
    public static List<(string? Name, int Declared, int Assigned)> Assign(JsonObject container, Func<int, bool>? isFree = null)
    {
        isFree ??= IsFree;
        var result = new List<(string?, int, int)>();
        if (container["ports"] is not JsonArray ports) return result;
        foreach (var port in ports.OfType<JsonObject>())
        {
            if (port.LongAt("containerPort") is not { } declared || declared is <= 0 or > 65535) continue;
            var protocol = port.StringAt("protocol") ?? "TCP";
            var assigned = protocol != "TCP" || isFree((int)declared) ? (int)declared : FreePort();
            result.Add((port.StringAt("name"), (int)declared, assigned));
        }
        return result;
    }

    public static List<KeyValuePair<string, string>> Environment(IReadOnlyList<(string? Name, int Declared, int Assigned)> ports)
    {
        var env = new List<KeyValuePair<string, string>>();
        if (ports.Count > 0) env.Add(new("PORT", ports[0].Assigned.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        foreach (var (name, _, assigned) in ports)
        {
            if (string.IsNullOrEmpty(name)) continue;
            env.Add(new("OBS_PORT_" + name.ToUpperInvariant().Replace('-', '_'), assigned.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        return env;
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Any, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static int FreePort()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Any, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }
}
