using System.Buffers.Binary;

namespace Obs.ApiServer.Spdy;

/// <summary>
/// Reads SPDY/3 frames off a byte stream (section 2.2): an 8-byte header whose first bit tells a
/// control frame (version 3, type, flags, 24-bit length) from a data frame (31-bit stream id,
/// flags, 24-bit length), then the payload.
/// </summary>
internal sealed class SpdyFrameReader(Stream transport)
{
    private readonly byte[] _head = new byte[8];

    /// <summary>The next frame, or null when the stream ends between frames; <see cref="InvalidDataException"/> on a malformed one.</summary>
    public async Task<SpdyFrame?> ReadAsync(CancellationToken cancellationToken)
    {
        var got = 0;
        while (got < 8)
        {
            var read = await transport.ReadAsync(_head.AsMemory(got), cancellationToken);
            if (read == 0)
            {
                if (got == 0) return null;
                throw new InvalidDataException("the connection ended inside a frame header");
            }
            got += read;
        }
        var first = BinaryPrimitives.ReadUInt32BigEndian(_head);
        var flags = _head[4];
        var length = (int)(BinaryPrimitives.ReadUInt32BigEndian(_head.AsSpan(4)) & 0xFFFFFF);
        var payload = new byte[length];
        try
        {
            await transport.ReadExactlyAsync(payload, cancellationToken);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException("the connection ended inside a frame");
        }
        if ((first & 0x80000000) == 0) return new SpdyFrame(SpdyFrameType.Data, flags, first & 0x7FFFFFFF, payload);

        var version = (first >> 16) & 0x7FFF;
        if (version != 3) throw new InvalidDataException($"SPDY version {version} is not served; this server speaks SPDY/3.1");
        var type = (SpdyFrameType)(first & 0xFFFF);
        var streamId = type is SpdyFrameType.SynStream or SpdyFrameType.SynReply or SpdyFrameType.RstStream
            or SpdyFrameType.Headers or SpdyFrameType.WindowUpdate or SpdyFrameType.GoAway
            ? StreamIdAt(payload, type)
            : 0u;
        return new SpdyFrame(type, flags, streamId, payload);
    }

    private static uint StreamIdAt(byte[] payload, SpdyFrameType type) =>
        payload.Length >= 4
            ? BinaryPrimitives.ReadUInt32BigEndian(payload) & 0x7FFFFFFF
            : throw new InvalidDataException($"a {type} frame of {payload.Length} bytes has no stream id");
}
