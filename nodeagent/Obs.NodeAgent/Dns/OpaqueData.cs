namespace Obs.NodeAgent.Dns;

/// <summary>Any other type, kept as its bytes (compared by content).</summary>
public sealed record OpaqueData(byte[] Bytes) : DnsRecordData
{
    public bool Equals(OpaqueData? other) => other is not null && Bytes.AsSpan().SequenceEqual(other.Bytes);

    public override int GetHashCode() => Bytes.Length;
}
