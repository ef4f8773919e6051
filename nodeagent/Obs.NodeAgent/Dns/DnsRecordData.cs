namespace Obs.NodeAgent.Dns;

/// <summary>The RDATA of a record.</summary>
public abstract record DnsRecordData;
