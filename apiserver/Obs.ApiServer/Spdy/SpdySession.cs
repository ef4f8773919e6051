using System.Buffers.Binary;
using System.Collections.Concurrent;

namespace Obs.ApiServer.Spdy;

/// <summary>
/// The server end of a SPDY/3.1 session over any byte stream (an upgraded HTTP/1.1 connection, or
/// the byte stream a WebSocket tunnel carries). The peer opens the streams (odd ids); this end
/// answers, relays their DATA, echoes the peer's PINGs, keeps both flow-control windows and sends
/// WINDOW_UPDATEs as data is consumed. A session error sends GOAWAY and ends the session.
/// </summary>
internal sealed class SpdySession : IAsyncDisposable
{
    private readonly Stream _transport;
    private readonly SpdyFrameReader _reader;
    private readonly ZlibInflater _inflater = new(SpdyDictionary.Bytes);
    private readonly ZlibDeflater _deflater = new(SpdyDictionary.Bytes);
    private readonly ConcurrentDictionary<uint, SpdyStream> _streams = new();
    private readonly SpdyReceiveWindows _received;
    private uint _lastStreamId;

    public SpdySession(Stream transport)
    {
        _transport = transport;
        _reader = new SpdyFrameReader(transport);
        Writer = new SpdyFrameWriter(transport, _deflater);
        _received = new SpdyReceiveWindows(Writer);
    }

    internal SpdyFrameWriter Writer { get; }

    internal SpdySendCredit Credit { get; } = new();

    /// <summary>Reads frames until the peer closes the connection or a session error; then every open stream fails.</summary>
    public async Task RunAsync(ISpdyStreamHandler handler, CancellationToken cancellationToken)
    {
        Exception ended = new IOException("the SPDY session ended");
        try
        {
            while (await _reader.ReadAsync(cancellationToken) is { } frame)
            {
                if (!await HandleAsync(frame, handler, cancellationToken)) break;
            }
        }
        catch (InvalidDataException e)
        {
            ended = new IOException($"the SPDY session failed: {e.Message}", e);
            await GoAwayAsync(SpdyCodes.GoAwayProtocolError);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            ended = new IOException("the SPDY session's connection was lost", e);
        }
        foreach (var stream in _streams.Values) stream.Abort(ended);
        _streams.Clear();
    }

    /// <returns>False when the session must end.</returns>
    private async Task<bool> HandleAsync(SpdyFrame frame, ISpdyStreamHandler handler, CancellationToken cancellationToken)
    {
        switch (frame.Type)
        {
            case SpdyFrameType.Data:
                await DataAsync(frame, cancellationToken);
                return true;
            case SpdyFrameType.SynStream:
                return await SynStreamAsync(frame, handler, cancellationToken);
            case SpdyFrameType.SynReply:
                // This end opens no streams, so no reply is expected; its block still feeds the zlib stream.
                Headers(frame.Payload.AsSpan(4));
                await Writer.RstStreamAsync(frame.StreamId, SpdyCodes.InvalidStream, cancellationToken);
                return true;
            case SpdyFrameType.Headers:
                Headers(frame.Payload.AsSpan(4));
                if (frame.Fin && _streams.TryGetValue(frame.StreamId, out var headed)) headed.FinishReads();
                return true;
            case SpdyFrameType.RstStream:
                if (_streams.TryRemove(frame.StreamId, out var reset)) reset.Abort(new IOException($"stream {frame.StreamId} was reset by the peer"));
                return true;
            case SpdyFrameType.Settings:
                Settings(frame.Payload);
                return true;
            case SpdyFrameType.Ping:
                // The peer's pings have odd ids; an even one would be an answer to a ping this end never sends.
                if (frame.Payload.Length == 4 && (BinaryPrimitives.ReadUInt32BigEndian(frame.Payload) & 1) == 1)
                    await Writer.PingAsync(BinaryPrimitives.ReadUInt32BigEndian(frame.Payload), cancellationToken);
                return true;
            case SpdyFrameType.GoAway:
                // The peer opens no more streams; those open go on until it closes the connection.
                return true;
            case SpdyFrameType.WindowUpdate:
                return await WindowUpdateAsync(frame, cancellationToken);
            default:
                return true; // unknown control frames are ignored (section 2.2.1 leaves room for them)
        }
    }

    private async Task<bool> SynStreamAsync(SpdyFrame frame, ISpdyStreamHandler handler, CancellationToken cancellationToken)
    {
        if (frame.Payload.Length < 10) throw new InvalidDataException("a SYN_STREAM frame is too short");
        var headers = Headers(frame.Payload.AsSpan(10));
        var id = frame.StreamId;
        if (id % 2 == 0 || id <= _lastStreamId)
        {
            await GoAwayAsync(SpdyCodes.GoAwayProtocolError);
            return false;
        }
        _lastStreamId = id;
        var stream = new SpdyStream(this, id, headers, Credit.InitialStreamWindow);
        if (!handler.Admit(stream))
        {
            await Writer.RstStreamAsync(id, SpdyCodes.RefusedStream, cancellationToken);
            return true;
        }
        _streams[id] = stream;
        if (frame.Fin) stream.FinishReads();
        if ((frame.Flags & SpdyCodes.FlagUnidirectional) != 0) stream.MarkWritesClosed();
        await Writer.SynReplyAsync(id, [], 0, cancellationToken);
        handler.Opened(stream);
        return true;
    }

    private async Task DataAsync(SpdyFrame frame, CancellationToken cancellationToken)
    {
        if (!_streams.TryGetValue(frame.StreamId, out var stream))
        {
            await Writer.RstStreamAsync(frame.StreamId, frame.StreamId <= _lastStreamId ? SpdyCodes.StreamAlreadyClosed : SpdyCodes.InvalidStream, cancellationToken);
            await _received.DiscardedAsync(frame.Payload.Length, cancellationToken);
            return;
        }
        if (stream.ReadsClosed)
        {
            await Writer.RstStreamAsync(frame.StreamId, SpdyCodes.StreamAlreadyClosed, cancellationToken);
            await _received.DiscardedAsync(frame.Payload.Length, cancellationToken);
            return;
        }
        try
        {
            await stream.ReceiveAsync(frame.Payload, frame.Fin, cancellationToken);
        }
        catch (InvalidOperationException)
        {
            // The stream was reset by this end while the data was on its way.
        }
    }

    private async Task<bool> WindowUpdateAsync(SpdyFrame frame, CancellationToken cancellationToken)
    {
        if (frame.Payload.Length < 8) throw new InvalidDataException("a WINDOW_UPDATE frame is too short");
        var delta = (int)(BinaryPrimitives.ReadUInt32BigEndian(frame.Payload.AsSpan(4)) & 0x7FFFFFFF);
        if (frame.StreamId == 0)
        {
            if (Credit.GrowSession(delta)) return true;
            await GoAwayAsync(SpdyCodes.FlowControlError);
            return false;
        }
        if (_streams.TryGetValue(frame.StreamId, out var stream) && !Credit.GrowStream(stream, delta))
            await stream.ResetAsync(SpdyCodes.FlowControlError);
        return true;
    }

    private void Settings(byte[] payload)
    {
        if (payload.Length < 4) throw new InvalidDataException("a SETTINGS frame is too short");
        var count = BinaryPrimitives.ReadInt32BigEndian(payload);
        if (count < 0 || payload.Length < 4 + 8L * count) throw new InvalidDataException("a SETTINGS frame is shorter than its entries");
        for (var i = 0; i < count; i++)
        {
            var id = BinaryPrimitives.ReadUInt32BigEndian(payload.AsSpan(4 + 8 * i)) & 0xFFFFFF;
            var value = BinaryPrimitives.ReadUInt32BigEndian(payload.AsSpan(8 + 8 * i));
            if (id == SpdyCodes.SettingsInitialWindowSize && value <= int.MaxValue)
                Credit.SetInitialStreamWindow((int)value, _streams.Values);
        }
    }

    private Dictionary<string, string> Headers(ReadOnlySpan<byte> compressed) => SpdyHeaderBlock.Decode(_inflater.Inflate(compressed));

    /// <summary>Data the handler took from <paramref name="stream"/>: the windows open again by as much.</summary>
    internal Task ConsumedAsync(SpdyStream stream, int count, CancellationToken cancellationToken) =>
        _received.ConsumedAsync(stream, count, cancellationToken);

    /// <summary>Drops a stream once both ends are done with it (or at once when <paramref name="force"/>).</summary>
    internal void Forget(SpdyStream stream, bool force = false)
    {
        if (force || (stream.ReadsClosed && stream.WritesClosed)) _streams.TryRemove(new KeyValuePair<uint, SpdyStream>(stream.Id, stream));
    }

    private async Task GoAwayAsync(uint status)
    {
        try { await Writer.GoAwayAsync(_lastStreamId, status, CancellationToken.None); }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException) { }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var stream in _streams.Values) stream.Abort(new IOException("the SPDY session was closed"));
        await GoAwayAsync(SpdyCodes.GoAwayOk);
        Writer.Dispose();
        _inflater.Dispose();
        _deflater.Dispose();
    }
}
