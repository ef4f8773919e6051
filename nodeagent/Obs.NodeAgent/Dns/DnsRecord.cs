namespace Obs.NodeAgent.Dns;

/// <summary>A resource record; <see cref="Data"/> is typed for the types this server writes and raw bytes otherwise.</summary>
public sealed record DnsRecord(string Name, DnsType Type, uint Ttl, DnsRecordData Data, ushort Class = DnsClass.Internet);
