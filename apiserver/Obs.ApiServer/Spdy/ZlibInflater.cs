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
        var output = new byte[Math.Max(256, input.Length * 4)];
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
                    result = ZlibNative.Inflate(_stream, ZlibNative.SyncFlush);
                    written = output.Length - (int)_stream->AvailOut;
                }
                if (result == ZlibNative.NeedDictionary)
                {
                    fixed (byte* dictionary = _dictionary)
                    {
                        if (ZlibNative.InflateSetDictionary(_stream, dictionary, (uint)_dictionary.Length) != ZlibNative.Ok)
                            throw new InvalidDataException("the header block was compressed with another dictionary than SPDY/3's");
                    }
                    continue;
                }
                if (result is not (ZlibNative.Ok or ZlibNative.BufferError or ZlibNative.StreamEnd))
                    throw new InvalidDataException($"the header block does not decompress (zlib {result})");
                // Done once zlib took all the input and left room in the output: nothing is held back.
                if (_stream->AvailIn == 0 && written < output.Length) break;
                if (result == ZlibNative.BufferError && _stream->AvailIn == 0) break;
            }
            _stream->NextIn = null;
        }
        return output.AsSpan(0, written).ToArray();
    }

    public void Dispose()
    {
        if (_stream is null) return;
        ZlibNative.InflateEnd(_stream);
        ZlibNative.Release(_stream);
        _stream = null;
    }
}
