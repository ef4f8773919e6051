namespace Obs.ApiServer.Spdy;

/// <summary>
/// One direction's header-block decompressor for a whole SPDY session: every block continues the
/// same zlib stream, so the context lives as long as the session. The first block asks for the
/// SPDY/3 dictionary (zlib's FDICT), which is supplied when zlib says it needs it.
/// </summary>
internal sealed unsafe class ZlibInflater : IDisposable
{
    private readonly byte[] _dictionary;
    private ZlibNative.ZStream* _stream;

    public ZlibInflater(byte[] dictionary)
    {
        _dictionary = dictionary;
        _stream = ZlibNative.Allocate();
        var result = ZlibNative.InflateInit(_stream, ZlibNative.Version(), sizeof(ZlibNative.ZStream));
        if (result != ZlibNative.Ok)
        {
            ZlibNative.Release(_stream);
            _stream = null;
            throw new InvalidOperationException($"zlib inflateInit failed ({result})");
        }
    }

    /// <summary>All the bytes the compressed <paramref name="input"/> stands for (the sender flushed after it).</summary>
    public byte[] Inflate(ReadOnlySpan<byte> input)
    {
        ObjectDisposedException.ThrowIf(_stream is null, this);
        try
        {
            return ZlibNative.Pump(_stream, input, Math.Max(256, input.Length * 4), Step);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"the header block does not decompress: {e.Message}", e);
        }
    }

    /// <summary>One inflate; the first block of a session names the dictionary (FDICT), which is given when zlib asks.</summary>
    private int Step()
    {
        var result = ZlibNative.Inflate(_stream, ZlibNative.SyncFlush);
        if (result != ZlibNative.NeedDictionary) return result;
        fixed (byte* dictionary = _dictionary)
        {
            if (ZlibNative.InflateSetDictionary(_stream, dictionary, (uint)_dictionary.Length) != ZlibNative.Ok)
                throw new InvalidDataException("the header block was compressed with another dictionary than SPDY/3's");
        }
        return ZlibNative.Inflate(_stream, ZlibNative.SyncFlush);
    }

    public void Dispose()
    {
        if (_stream is null) return;
        ZlibNative.InflateEnd(_stream);
        ZlibNative.Release(_stream);
        _stream = null;
    }
}
