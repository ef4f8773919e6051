using System.Buffers.Binary;
using System.Net;

namespace Obs.NodeAgent.Dns;

/// <summary>Decodes a whole message; anything malformed throws <see cref="DnsFormatException"/>, nothing else.</summary>
public static class DnsMessageReader
{
    public static DnsMessage Read(ReadOnlySpan<byte> message)
    {
        if (!DnsHeader.TryRead(message, out var header)) throw new DnsFormatException("shorter than a header");
        var offset = DnsHeader.Size;
        var questions = new List<DnsQuestion>();
        for (var i = 0; i < header.QuestionCount; i++)
        {
            var name = DnsName.Read(message, ref offset);
            var type = ReadUInt16(message, ref offset);
            var @class = ReadUInt16(message, ref offset);
            questions.Add(new DnsQuestion(name, (DnsType)type, @class));
        }
        var answers = ReadRecords(message, ref offset, header.AnswerCount, out _);
        var authority = ReadRecords(message, ref offset, header.AuthorityCount, out _);
        var additional = ReadRecords(message, ref offset, header.AdditionalCount, out var edns);
        if (offset != message.Length) throw new DnsFormatException("bytes after the last record");
        var code = (header.Flags & 0xF) | ((edns?.ExtendedResponseCode ?? 0) << 4);
        return new DnsMessage
        {
            Id = header.Id,
            IsResponse = header.IsResponse,
            Opcode = header.Opcode,
            Authoritative = (header.Flags & 0x0400) != 0,
            Truncated = (header.Flags & 0x0200) != 0,
            RecursionDesired = header.RecursionDesired,
            RecursionAvailable = (header.Flags & 0x0080) != 0,
            AuthenticData = (header.Flags & 0x0020) != 0,
            CheckingDisabled = header.CheckingDisabled,
            ResponseCode = (DnsResponseCode)code,
            Questions = questions,
            Answers = answers,
            Authority = authority,
            Additional = additional,
            Edns = edns,
        };
    }

    private static List<DnsRecord> ReadRecords(ReadOnlySpan<byte> message, ref int offset, int count, out EdnsOptions? edns)
    {
        edns = null;
        var records = new List<DnsRecord>();
        for (var i = 0; i < count; i++)
        {
            var name = DnsName.Read(message, ref offset);
            var type = (DnsType)ReadUInt16(message, ref offset);
            var @class = ReadUInt16(message, ref offset);
            var ttl = ReadUInt32(message, ref offset);
            var length = ReadUInt16(message, ref offset);
            if (offset + length > message.Length) throw new DnsFormatException("record data runs past the end of the message");
            var end = offset + length;
            if (type == DnsType.OPT)
            {
                // RFC 6891 §6.1.1: one OPT record at most, owned by the root.
                if (edns is not null || name.Length != 0) throw new DnsFormatException("more than one OPT record, or one not at the root");
                edns = new EdnsOptions(@class, (byte)(ttl >> 24), (byte)(ttl >> 16), (ttl & 0x8000) != 0);
                offset = end;
                continue;
            }
            var data = ReadData(message, ref offset, end, type);
            if (offset != end) throw new DnsFormatException($"{type} record data of the wrong length");
            records.Add(new DnsRecord(name, type, ttl, data, @class));
        }
        return records;
    }

    private static DnsRecordData ReadData(ReadOnlySpan<byte> message, ref int offset, int end, DnsType type)
    {
        // Names inside RDATA may point anywhere before them, but must end within the record.
        var rdata = message[..end];
        switch (type)
        {
            case DnsType.A when end - offset == 4:
            case DnsType.AAAA when end - offset == 16:
                var address = new IPAddress(message[offset..end]);
                offset = end;
                return new AddressData(address);
            case DnsType.A:
            case DnsType.AAAA:
                throw new DnsFormatException($"{type} record of {end - offset} bytes");
            case DnsType.CNAME:
            case DnsType.NS:
            case DnsType.PTR:
                return new NameData(DnsName.Read(rdata, ref offset));
            case DnsType.SRV:
                var priority = ReadUInt16(rdata, ref offset);
                var weight = ReadUInt16(rdata, ref offset);
                var port = ReadUInt16(rdata, ref offset);
                return new ServiceData(priority, weight, port, DnsName.Read(rdata, ref offset));
            case DnsType.SOA:
                var primary = DnsName.Read(rdata, ref offset);
                var mailbox = DnsName.Read(rdata, ref offset);
                return new AuthorityData(primary, mailbox, ReadUInt32(rdata, ref offset), ReadUInt32(rdata, ref offset),
                    ReadUInt32(rdata, ref offset), ReadUInt32(rdata, ref offset), ReadUInt32(rdata, ref offset));
            default:
                var bytes = message[offset..end].ToArray();
                offset = end;
                return new OpaqueData(bytes);
        }
    }

    private static ushort ReadUInt16(ReadOnlySpan<byte> message, ref int offset)
    {
        if (offset + 2 > message.Length) throw new DnsFormatException("message ends inside a field");
        var value = BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);
        offset += 2;
        return value;
    }

    private static uint ReadUInt32(ReadOnlySpan<byte> message, ref int offset)
    {
        if (offset + 4 > message.Length) throw new DnsFormatException("message ends inside a field");
        var value = BinaryPrimitives.ReadUInt32BigEndian(message[offset..]);
        offset += 4;
        return value;
    }
}
