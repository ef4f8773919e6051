using System.Buffers.Binary;

namespace Obs.ApiServer.Spdy;

/// <summary>
/// Writes SPDY/3 frames to a byte stream, one frame at a time: each frame is assembled whole and
/// written in one call (so a WebSocket tunnel carries it in one message), and header blocks are
/// compressed under the same lock that orders the writes, because the peer decompresses them in
/// the order they arrive with one continuing zlib stream.
/// </summary>
internal sealed class SpdyFrameWriter(Stream transport, ZlibDeflater headers) : IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);

    public Task SynStreamAsync(uint streamId, IReadOnlyList<KeyValuePair<string, string>> block, byte flags, CancellationToken cancellationToken) =>
        WithHeadersAsync(SpdyFrameType.SynStream, flags, block, [.. Id(streamId), 0, 0, 0, 0, 0, 0], cancellationToken);

    public Task SynReplyAsync(uint streamId, IReadOnlyList<KeyValuePair<string, string>> block, byte flags, CancellationToken cancellationToken) =>
        WithHeadersAsync(SpdyFrameType.SynReply, flags, block, Id(streamId), cancellationToken);

    public Task RstStreamAsync(uint streamId, uint status, CancellationToken cancellationToken) =>
        ControlAsync(SpdyFrameType.RstStream, 0, [.. Id(streamId), .. Id(status)], cancellationToken);

    public Task SettingsAsync(IReadOnlyList<(uint Id, uint Value)> settings, CancellationToken cancellationToken)
    {
        var payload = new byte[4 + 8 * settings.Count];
        BinaryPrimitives.WriteInt32BigEndian(payload, settings.Count);
        for (var i = 0; i < settings.Count; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(4 + 8 * i), settings[i].Id & 0xFFFFFF);
            BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(8 + 8 * i), settings[i].Value);
        }
        return ControlAsync(SpdyFrameType.Settings, 0, payload, cancellationToken);
    }

    public Task PingAsync(uint id, CancellationToken cancellationToken) =>
        ControlAsync(SpdyFrameType.Ping, 0, Id(id), cancellationToken);

    public Task GoAwayAsync(uint lastGoodStreamId, uint status, CancellationToken cancellationToken) =>
        ControlAsync(SpdyFrameType.GoAway, 0, [.. Id(lastGoodStreamId), .. Id(status)], cancellationToken);

    public Task WindowUpdateAsync(uint streamId, int delta, CancellationToken cancellationToken) =>
        ControlAsync(SpdyFrameType.WindowUpdate, 0, [.. Id(streamId), .. Id((uint)delta)], cancellationToken);

    public async Task DataAsync(uint streamId, ReadOnlyMemory<byte> data, bool fin, CancellationToken cancellationToken)
    {
        var frame = new byte[8 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, streamId & 0x7FFFFFFF);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), ((fin ? (uint)SpdyCodes.FlagFin : 0) << 24) | (uint)data.Length);
        data.Span.CopyTo(frame.AsSpan(8));
        await WriteAsync(frame, cancellationToken);
    }

    private async Task WithHeadersAsync(SpdyFrameType type, byte flags, IReadOnlyList<KeyValuePair<string, string>> block, byte[] fields, CancellationToken cancellationToken)
    {
        var plain = SpdyHeaderBlock.Encode(block);
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var compressed = headers.Deflate(plain);
            await transport.WriteAsync(Control(type, flags, [.. fields, .. compressed]), cancellationToken);
            await transport.FlushAsync(cancellationToken);
        }
        finally
        {
            _lock.Release();
        }
    }

    private Task ControlAsync(SpdyFrameType type, byte flags, byte[] payload, CancellationToken cancellationToken) =>
        WriteAsync(Control(type, flags, payload), cancellationToken);

    private async Task WriteAsync(byte[] frame, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            await transport.WriteAsync(frame, cancellationToken);
            await transport.FlushAsync(cancellationToken);
        }
        finally
        {
            _lock.Release();
        }
    }

    private static byte[] Control(SpdyFrameType type, byte flags, byte[] payload)
    {
        if (payload.Length > 0xFFFFFF) throw new InvalidOperationException($"a {type} frame of {payload.Length} bytes is over SPDY's 16 MB");
        var frame = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, 0x80000000 | (3u << 16) | (uint)type);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), ((uint)flags << 24) | (uint)payload.Length);
        payload.CopyTo(frame, 8);
        return frame;
    }

    private static byte[] Id(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    public void Dispose() => _lock.Dispose();
}
