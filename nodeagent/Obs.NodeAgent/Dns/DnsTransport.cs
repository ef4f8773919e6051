namespace Obs.NodeAgent.Dns;

public enum DnsTransport
{
    Udp,
    Tcp,
}
