namespace Obs.NodeAgent.Dns;

/// <summary>SRV (RFC 2782).</summary>
public sealed record ServiceData(ushort Priority, ushort Weight, ushort Port, string Target) : DnsRecordData;
