namespace Obs.NodeAgent.Dns;

public static class DnsClass
{
    public const ushort Internet = 1;
    public const ushort Any = 255;
}
