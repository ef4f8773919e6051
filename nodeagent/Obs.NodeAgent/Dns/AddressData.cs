using System.Net;

namespace Obs.NodeAgent.Dns;

/// <summary>A or AAAA.</summary>
public sealed record AddressData(IPAddress Address) : DnsRecordData;
