using Obs.NodeAgent.Dns;

namespace Obs.NodeAgent.Tests.Dns;

/// <summary>Records as one line of text each, like dig's answer section, so tests can assert them exactly.</summary>
internal static class DnsText
{
    public static string Format(DnsRecord record) => $"{record.Name} {record.Ttl} {record.Type} " + record.Data switch
    {
        AddressData a => a.Address.ToString(),
        NameData n => n.Target,
        ServiceData s => $"{s.Priority} {s.Weight} {s.Port} {s.Target}",
        AuthorityData soa => $"{soa.PrimaryServer} {soa.Mailbox} {soa.Serial} {soa.Refresh} {soa.Retry} {soa.Expire} {soa.Minimum}",
        OpaqueData o => Convert.ToHexString(o.Bytes),
        _ => "?",
    };

    public static string[] Format(IEnumerable<DnsRecord> records) => [.. records.Select(Format)];
}
