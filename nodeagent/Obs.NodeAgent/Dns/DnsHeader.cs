using System.Buffers.Binary;

namespace Obs.NodeAgent.Dns;

/// <summary>The fixed 12-byte header, readable even when the rest of a message is not, so a FORMERR can carry the query's id.</summary>
public readonly record struct DnsHeader(ushort Id, ushort Flags, ushort QuestionCount, ushort AnswerCount, ushort AuthorityCount, ushort AdditionalCount)
{
    public const int Size = 12;

    public bool IsResponse => (Flags & 0x8000) != 0;
    public byte Opcode => (byte)((Flags >> 11) & 0xF);
    public bool RecursionDesired => (Flags & 0x0100) != 0;
    public bool CheckingDisabled => (Flags & 0x0010) != 0;

    public static bool TryRead(ReadOnlySpan<byte> message, out DnsHeader header)
    {
        if (message.Length < Size)
        {
            header = default;
            return false;
        }
        header = new DnsHeader(
            BinaryPrimitives.ReadUInt16BigEndian(message),
            BinaryPrimitives.ReadUInt16BigEndian(message[2..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[4..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[6..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[8..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[10..]));
        return true;
    }
}
