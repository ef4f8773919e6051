namespace Obs.NodeAgent.Dns;

/// <summary>CNAME, NS or PTR: one domain name.</summary>
public sealed record NameData(string Target) : DnsRecordData;
