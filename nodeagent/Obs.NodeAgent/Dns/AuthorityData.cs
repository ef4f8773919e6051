namespace Obs.NodeAgent.Dns;

/// <summary>SOA (RFC 1035 §3.3.13).</summary>
public sealed record AuthorityData(string PrimaryServer, string Mailbox, uint Serial, uint Refresh, uint Retry, uint Expire, uint Minimum) : DnsRecordData;
