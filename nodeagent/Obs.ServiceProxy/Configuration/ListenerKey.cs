using System.Net;

namespace Obs.ServiceProxy.Configuration;

/// <summary>One address and port the proxy listens on: each is its own listener, started and stopped alone.</summary>
internal readonly record struct ListenerKey(IPAddress Address, int Port, bool Udp)
{
    public IPEndPoint EndPoint => new(Address, Port);

    public override string ToString() => $"{new IPEndPoint(Address, Port)}/{(Udp ? "UDP" : "TCP")}";
}
