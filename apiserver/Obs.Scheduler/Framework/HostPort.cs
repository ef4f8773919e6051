namespace Obs.Scheduler.Framework;

/// <summary>A host port a pod asks for. IP 0.0.0.0 (the default) conflicts with every IP on the same port and protocol.</summary>
public readonly record struct HostPort(string Ip, string Protocol, int Port)
{
    public const string AnyIp = "0.0.0.0";

    public bool ConflictsWith(HostPort other) =>
        Port == other.Port && Protocol == other.Protocol && (Ip == other.Ip || Ip == AnyIp || other.Ip == AnyIp);
}
