using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Obs.Scheduler.Framework;

/// <summary>
/// A hash of the parts of a pod scheduling reads (spec, labels, annotations), kept in place of the
/// pod's JSON so that an update can still be told apart from a status-only one (the scheduler's own
/// condition write) without holding both versions. SHA-256, cut to 128 bits: two different specs
/// meet by chance about never.
/// </summary>
public static class SchedulingFingerprint
{
    // Writers kept beyond this size would hold a rare huge pod's memory for the thread's life.
    private const int KeptBufferBytes = 64 * 1024;

    [ThreadStatic]
    private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? t_writer;

    public static UInt128 Of(JsonNode? spec, JsonNode? labels, JsonNode? annotations)
    {
        var (buffer, writer) = t_writer ??= NewWriter();
        buffer.ResetWrittenCount();
        writer.Reset();
        writer.WriteStartArray();
        // A node parsed and not yet opened writes out its own text unchanged: no tree is built here.
        foreach (var part in (ReadOnlySpan<JsonNode?>)[spec, labels, annotations])
        {
            if (part is null) writer.WriteNullValue();
            else part.WriteTo(writer);
        }
        writer.WriteEndArray();
        writer.Flush();
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.WrittenSpan, hash);
        if (buffer.Capacity > KeptBufferBytes) t_writer = null;
        return BinaryPrimitives.ReadUInt128LittleEndian(hash);
    }

    private static (ArrayBufferWriter<byte>, Utf8JsonWriter) NewWriter()
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        return (buffer, new Utf8JsonWriter(buffer));
    }
}
