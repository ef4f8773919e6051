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
        return ZlibNative.Pump(_stream, input, input.Length + 64, () => ZlibNative.Deflate(_stream, ZlibNative.SyncFlush));
    }

    public void Dispose()
    {
        if (_stream is null) return;
        ZlibNative.DeflateEnd(_stream);
        ZlibNative.Release(_stream);
        _stream = null;
    }
}
