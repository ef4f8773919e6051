using System.Net;

namespace Obs.NodeAgent.Dns;

/// <summary>The RDATA of a record.</summary>
public abstract record DnsRecordData;

/// <summary>A or AAAA.</summary>
public sealed record AddressData(IPAddress Address) : DnsRecordData;

/// <summary>CNAME, NS or PTR: one domain name.</summary>
public sealed record NameData(string Target) : DnsRecordData;

/// <summary>SRV (RFC 2782).</summary>
public sealed record ServiceData(ushort Priority, ushort Weight, ushort Port, string Target) : DnsRecordData;

/// <summary>SOA (RFC 1035 §3.3.13).</summary>
public sealed record AuthorityData(string PrimaryServer, string Mailbox, uint Serial, uint Refresh, uint Retry, uint Expire, uint Minimum) : DnsRecordData;

/// <summary>Any other type, kept as its bytes.</summary>
public sealed record OpaqueData(byte[] Bytes) : DnsRecordData
{
    public bool Equals(OpaqueData? other) => other is not null && Bytes.AsSpan().SequenceEqual(other.Bytes);

    public override int GetHashCode() => Bytes.Length;
}
