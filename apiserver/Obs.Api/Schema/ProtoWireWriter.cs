using System.Buffers.Binary;
using System.Text;

namespace Obs.Api.Schema;

/// <summary>
/// Writes protobuf wire format, proto3 style: a scalar equal to its default is left out, a nested message is
/// written whole (empty or not) once asked for.
/// </summary>
public sealed class ProtoWireWriter
{
    private readonly MemoryStream _buffer = new();

    public void String(int field, string? value)
    {
        if (!string.IsNullOrEmpty(value)) Bytes(field, Encoding.UTF8.GetBytes(value));
    }

    public void Message(int field, ProtoWireWriter message) => Bytes(field, message.ToArray());

    public void Bool(int field, bool value)
    {
        if (!value) return;
        Tag(field, ProtoWireReader.Varint);
        Varint(1);
    }

    public void Int64(int field, long value)
    {
        if (value == 0) return;
        Tag(field, ProtoWireReader.Varint);
        Varint((ulong)value);
    }

    public void Double(int field, double value)
    {
        if (value == 0) return;
        Tag(field, ProtoWireReader.Fixed64);
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(bytes, value);
        _buffer.Write(bytes);
    }

    /// <summary>Bytes already encoded, written as they are.</summary>
    public void Raw(ReadOnlySpan<byte> encoded) => _buffer.Write(encoded);

    public byte[] ToArray() => _buffer.ToArray();

    private void Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, ProtoWireReader.LengthDelimited);
        Varint((ulong)value.Length);
        _buffer.Write(value);
    }

    private void Tag(int field, int wireType) => Varint(((ulong)field << 3) | (uint)wireType);

    private void Varint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        _buffer.WriteByte((byte)value);
    }
}
