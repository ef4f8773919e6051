namespace Obs.ApiServer.Spdy;

/// <summary>
/// One direction's header-block compressor for a whole SPDY session, primed with the SPDY/3
/// dictionary. Each block ends with a sync flush, so the peer can decompress it on its own while
/// the zlib stream (and its history) continues into the next block.
/// </summary>
internal sealed unsafe class ZlibDeflater : IDisposable
{
    private ZlibNative.ZStream* _stream;

    public ZlibDeflater(byte[] dictionary)
    {
        _stream = ZlibNative.Allocate();
        var result = ZlibNative.DeflateInit(_stream, ZlibNative.DefaultCompression, ZlibNative.Version(), sizeof(ZlibNative.ZStream));
        if (result == ZlibNative.Ok)
        {
            fixed (byte* words = dictionary)
                result = ZlibNative.DeflateSetDictionary(_stream, words, (uint)dictionary.Length);
        }
        if (result != ZlibNative.Ok)
        {
            Dispose();
            throw new InvalidOperationException($"zlib deflateInit failed ({result})");
        }
    }

    public byte[] Deflate(ReadOnlySpan<byte> input)
    {
        ObjectDisposedException.ThrowIf(_stream is null, this);
        var output = new byte[input.Length + 64];
        var written = 0;
        fixed (byte* source = input)
        {
            _stream->NextIn = source;
            _stream->AvailIn = (uint)input.Length;
            while (true)
            {
                if (written == output.Length) Array.Resize(ref output, output.Length * 2);
                int result;
                fixed (byte* target = output)
                {
                    _stream->NextOut = target + written;
                    _stream->AvailOut = (uint)(output.Length - written);
                    result = ZlibNative.Deflate(_stream, ZlibNative.SyncFlush);
                    written = output.Length - (int)_stream->AvailOut;
                }
                if (result is not (ZlibNative.Ok or ZlibNative.BufferError))
                    throw new InvalidOperationException($"zlib deflate failed ({result})");
                // A sync flush is complete when deflate returns with output space to spare.
                if (_stream->AvailIn == 0 && written < output.Length) break;
            }
            _stream->NextIn = null;
        }
        return output.AsSpan(0, written).ToArray();
    }

    public void Dispose()
    {
        if (_stream is null) return;
        ZlibNative.DeflateEnd(_stream);
        ZlibNative.Release(_stream);
        _stream = null;
    }
}
