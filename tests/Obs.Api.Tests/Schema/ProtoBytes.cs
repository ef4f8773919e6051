using System.Text;

namespace Obs.Api.Tests.Schema;

/// <summary>Builds protobuf messages field by field, for test bodies shaped like kubectl's.</summary>
internal sealed class ProtoBytes
{
    private readonly List<byte> _bytes = [];

    public ProtoBytes Varint(int field, long value) => Tag(field, 0).Raw(value);

    public ProtoBytes String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoBytes Bytes(int field, byte[] value)
    {
        Tag(field, 2).Raw(value.Length);
        _bytes.AddRange(value);
        return this;
    }

    public ProtoBytes Message(int field, Action<ProtoBytes> build)
    {
        var inner = new ProtoBytes();
        build(inner);
        return Bytes(field, inner.ToArray());
    }

    /// <summary>A map entry <c>{1: key, 2: value}</c>, as generated.proto encodes <c>map&lt;string, string&gt;</c>.</summary>
    public ProtoBytes Entry(int field, string key, string value) => Message(field, e => e.String(1, key).String(2, value));

    public byte[] ToArray() => [.. _bytes];

    /// <summary>The whole request body: <c>k8s\0</c> and a runtime.Unknown around the object.</summary>
    public static byte[] Envelope(string apiVersion, string kind, Action<ProtoBytes> build)
    {
        var unknown = new ProtoBytes()
            .Message(1, t => t.String(1, apiVersion).String(2, kind))
            .Message(2, build)
            .String(3, "")
            .String(4, "");
        return [.. "k8s\0"u8.ToArray(), .. unknown.ToArray()];
    }

    private ProtoBytes Tag(int field, int wireType) => Raw((field << 3) | wireType);

    private ProtoBytes Raw(long value)
    {
        var v = (ulong)value;
        while (v >= 0x80)
        {
            _bytes.Add((byte)(v | 0x80));
            v >>= 7;
        }
        _bytes.Add((byte)v);
        return this;
    }
}
