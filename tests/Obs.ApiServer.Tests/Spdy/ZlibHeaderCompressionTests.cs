using Obs.ApiServer.Spdy;

namespace Obs.ApiServer.Tests.Spdy;

public sealed class ZlibHeaderCompressionTests
{
    [Fact]
    public void TheDictionaryIsTheSpecs1423BytesWithItsAdler32()
    {
        Assert.Equal(1423, SpdyDictionary.Bytes.Length);
        Assert.Equal(new byte[] { 0, 0, 0, 7, (byte)'o', (byte)'p' }, SpdyDictionary.Bytes[..6]);
        Assert.EndsWith(",*,enq=0.", System.Text.Encoding.ASCII.GetString(SpdyDictionary.Bytes));
        // Adler-32 as Python's zlib.adler32 gives for the dictionary the draft prints.
        Assert.Equal(0xe3c6a7c2u, Adler32(SpdyDictionary.Bytes));
    }

    [Fact]
    public void BlocksRoundTripThroughOneContextEachWayAndNameTheDictionary()
    {
        using var deflater = new ZlibDeflater(SpdyDictionary.Bytes);
        using var inflater = new ZlibInflater(SpdyDictionary.Bytes);
        var first = SpdyHeaderBlock.Encode([new("streamtype", "error"), new("port", "8000"), new("requestid", "0")]);
        var compressed = deflater.Deflate(first);
        // zlib header with FDICT set, then the dictionary's Adler-32: the peer must prime with the same words.
        Assert.Equal(0x20, compressed[1] & 0x20);
        Assert.Equal(Adler32(SpdyDictionary.Bytes), System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(compressed.AsSpan(2)));
        Assert.Equal(first, inflater.Inflate(compressed));

        // The second block continues the same stream: it is small because the first is in the history.
        var second = SpdyHeaderBlock.Encode([new("streamtype", "data"), new("port", "8000"), new("requestid", "0")]);
        var again = deflater.Deflate(second);
        Assert.True(again.Length < compressed.Length, $"{again.Length} >= {compressed.Length}");
        Assert.Equal(second, inflater.Inflate(again));

        var large = SpdyHeaderBlock.Encode([new("x-large", new string('v', 100_000) + "end")]);
        Assert.Equal("v" + "end", SpdyHeaderBlock.Decode(inflater.Inflate(deflater.Deflate(large)))["x-large"][^4..]);
    }

    [Fact]
    public void AnotherDictionaryOrGarbageIsRefused()
    {
        using var deflater = new ZlibDeflater("not the spdy words"u8.ToArray());
        using var inflater = new ZlibInflater(SpdyDictionary.Bytes);
        Assert.Throws<InvalidDataException>(() => inflater.Inflate(deflater.Deflate(SpdyHeaderBlock.Encode([new("a", "b")]))));
        using var fresh = new ZlibInflater(SpdyDictionary.Bytes);
        Assert.Throws<InvalidDataException>(() => fresh.Inflate([1, 2, 3, 4, 5, 6]));
    }

    [Fact]
    public void HeaderBlocksDecodeWhatWasEncodedAndRejectMalformedOnes()
    {
        var block = SpdyHeaderBlock.Encode([new("StreamType", "data"), new("port", "80")]);
        var headers = SpdyHeaderBlock.Decode(block);
        Assert.Equal("data", headers["streamtype"]);
        Assert.Equal("80", headers["port"]);
        Assert.Throws<InvalidDataException>(() => SpdyHeaderBlock.Decode(block.AsSpan(0, block.Length - 1)));
        Assert.Throws<InvalidDataException>(() => SpdyHeaderBlock.Decode([0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]));
        Assert.Throws<InvalidDataException>(() => SpdyHeaderBlock.Decode([0, 0, 0, 1, 0x7f, 0, 0, 0]));
    }

    private static uint Adler32(byte[] data)
    {
        uint a = 1, b = 0;
        foreach (var d in data)
        {
            a = (a + d) % 65521;
            b = (b + a) % 65521;
        }
        return (b << 16) | a;
    }
}
