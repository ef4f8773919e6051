using System.Buffers.Binary;
using System.Net.Sockets;

namespace Obs.NodeAgent.Dns;

/// <summary>
/// Encodes messages, compressing names (RFC 1035 §4.1.4) against every name suffix already
/// written. Given a size limit (512 bytes, or the EDNS0 payload size, for UDP) it writes whole
/// records while they fit and sets TC when some had to be left out; the OPT record always stays.
/// </summary>
public sealed class DnsMessageWriter
{
    private const int OptRecordSize = 11;
    private readonly Dictionary<string, int> _suffixes = new(StringComparer.Ordinal);
    private byte[] _buffer = new byte[512];
    private int _length;

    public static byte[] Encode(DnsMessage message, int maxSize = ushort.MaxValue) => new DnsMessageWriter().Write(message, maxSize);

    private byte[] Write(DnsMessage message, int maxSize)
    {
        var limit = Math.Min(maxSize, ushort.MaxValue) - (message.Edns is null ? 0 : OptRecordSize);
        _length = DnsHeader.Size;
        Ensure(0);
        foreach (var question in message.Questions)
        {
            WriteName(question.Name);
            WriteUInt16((ushort)question.Type);
            WriteUInt16(question.Class);
        }
        var truncated = message.Truncated;
        var counts = new ushort[3];
        var sections = new[] { message.Answers, message.Authority, message.Additional };
        for (var s = 0; s < sections.Length && !truncated; s++)
        {
            foreach (var record in sections[s])
            {
                var mark = _length;
                WriteRecord(record);
                if (_length > limit)
                {
                    // Compression entries past the mark are never used again: nothing but OPT follows.
                    _length = mark;
                    truncated = true;
                    break;
                }
                counts[s]++;
            }
        }
        var additional = counts[2];
        if (message.Edns is { } edns)
        {
            WriteOpt(edns, message.ResponseCode);
            additional++;
        }
        var flags = (message.IsResponse ? 0x8000 : 0)
            | ((message.Opcode & 0xF) << 11)
            | (message.Authoritative ? 0x0400 : 0)
            | (truncated ? 0x0200 : 0)
            | (message.RecursionDesired ? 0x0100 : 0)
            | (message.RecursionAvailable ? 0x0080 : 0)
            | (message.AuthenticData ? 0x0020 : 0)
            | (message.CheckingDisabled ? 0x0010 : 0)
            | ((int)message.ResponseCode & 0xF);
        var header = _buffer.AsSpan();
        BinaryPrimitives.WriteUInt16BigEndian(header, message.Id);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)flags);
        BinaryPrimitives.WriteUInt16BigEndian(header[4..], (ushort)message.Questions.Count);
        BinaryPrimitives.WriteUInt16BigEndian(header[6..], counts[0]);
        BinaryPrimitives.WriteUInt16BigEndian(header[8..], counts[1]);
        BinaryPrimitives.WriteUInt16BigEndian(header[10..], additional);
        return _buffer.AsSpan(0, _length).ToArray();
    }

    private void WriteRecord(DnsRecord record)
    {
        WriteName(record.Name);
        WriteUInt16((ushort)record.Type);
        WriteUInt16(record.Class);
        WriteUInt32(record.Ttl);
        var lengthAt = _length;
        WriteUInt16(0);
        switch (record.Data)
        {
            case AddressData address:
                var family = record.Type == DnsType.AAAA ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;
                if (address.Address.AddressFamily != family) throw new ArgumentException($"{record.Type} record with address {address.Address}");
                WriteBytes(address.Address.GetAddressBytes());
                break;
            case NameData name:
                WriteName(name.Target);
                break;
            case ServiceData srv:
                WriteUInt16(srv.Priority);
                WriteUInt16(srv.Weight);
                WriteUInt16(srv.Port);
                // RFC 2782: the target is not compressed.
                WriteName(srv.Target, compress: false);
                break;
            case AuthorityData soa:
                WriteName(soa.PrimaryServer);
                WriteName(soa.Mailbox);
                WriteUInt32(soa.Serial);
                WriteUInt32(soa.Refresh);
                WriteUInt32(soa.Retry);
                WriteUInt32(soa.Expire);
                WriteUInt32(soa.Minimum);
                break;
            case OpaqueData opaque:
                WriteBytes(opaque.Bytes);
                break;
        }
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(lengthAt), (ushort)(_length - lengthAt - 2));
    }

    private void WriteOpt(EdnsOptions edns, DnsResponseCode code)
    {
        WriteBytes([0]);
        WriteUInt16((ushort)DnsType.OPT);
        WriteUInt16(edns.UdpPayloadSize);
        var extended = (byte)Math.Max(edns.ExtendedResponseCode, (int)code >> 4);
        WriteUInt32((uint)(extended << 24 | edns.Version << 16 | (edns.DnssecOk ? 0x8000 : 0)));
        WriteUInt16(0);
    }

    private void WriteName(string name, bool compress = true)
    {
        var labels = DnsName.Labels(name);
        for (var i = 0; i < labels.Count; i++)
        {
            var suffix = Suffix(labels, i);
            if (compress && _suffixes.TryGetValue(suffix, out var pointer))
            {
                WriteUInt16((ushort)(0xC000 | pointer));
                return;
            }
            if (_length < 0x4000) _suffixes.TryAdd(suffix, _length);
            Ensure(1 + labels[i].Length);
            _buffer[_length++] = (byte)labels[i].Length;
            WriteBytes(labels[i]);
        }
        WriteBytes([0]);
    }

    /// <summary>
    /// The suffix from label <paramref name="start"/> as a key, each label prefixed by its length so
    /// that keys cannot collide. Case is kept: a pointer to "Web" would rewrite a later "web", and
    /// names are to come back as they were written (RFC 4343 §4.1).
    /// </summary>
    private static string Suffix(List<byte[]> labels, int start)
    {
        var key = new System.Text.StringBuilder();
        for (var i = start; i < labels.Count; i++)
        {
            key.Append((char)labels[i].Length);
            foreach (var b in labels[i]) key.Append((char)b);
        }
        return key.ToString();
    }

    private void WriteUInt16(ushort value)
    {
        Ensure(2);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(_length), value);
        _length += 2;
    }

    private void WriteUInt32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(_length), value);
        _length += 4;
    }

    private void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    private void Ensure(int more)
    {
        if (_length + more > ushort.MaxValue + 1024) throw new ArgumentException("message larger than 64 KiB");
        if (_length + more <= _buffer.Length) return;
        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
    }
}
