namespace Obs.NodeAgent.Dns;

/// <summary>One question: a name in presentation form without the trailing dot (the root is ""), its type and class.</summary>
public sealed record DnsQuestion(string Name, DnsType Type, ushort Class = DnsClass.Internet);
