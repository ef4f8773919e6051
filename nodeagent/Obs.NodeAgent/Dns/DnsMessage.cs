namespace Obs.NodeAgent.Dns;

/// <summary>A DNS message (RFC 1035 §4.1): the header's fields, the four sections, and the EDNS0 OPT record when present.</summary>
public sealed record DnsMessage
{
    public ushort Id { get; init; }
    public bool IsResponse { get; init; }
    public byte Opcode { get; init; }
    public bool Authoritative { get; init; }
    public bool Truncated { get; init; }
    public bool RecursionDesired { get; init; }
    public bool RecursionAvailable { get; init; }
    public bool AuthenticData { get; init; }
    public bool CheckingDisabled { get; init; }

    /// <summary>The full response code: the header's four bits plus, with EDNS0, the OPT record's upper eight.</summary>
    public DnsResponseCode ResponseCode { get; init; }

    public IReadOnlyList<DnsQuestion> Questions { get; init; } = [];
    public IReadOnlyList<DnsRecord> Answers { get; init; } = [];
    public IReadOnlyList<DnsRecord> Authority { get; init; } = [];
    public IReadOnlyList<DnsRecord> Additional { get; init; } = [];
    public EdnsOptions? Edns { get; init; }
}
