using System.IO.Pipelines;
using Obs.ApiServer.Spdy;

namespace Obs.ApiServer.Tests.Spdy;

public sealed class SpdyFrameTests
{
    [Fact]
    public async Task FramesWrittenAreReadBackWithTheirFieldsAndTheStreamEndsBetweenFrames()
    {
        var wire = new MemoryStream();
        using var deflater = new ZlibDeflater(SpdyDictionary.Bytes);
        using var writer = new SpdyFrameWriter(wire, deflater);
        await writer.SynStreamAsync(1, [new("port", "80")], SpdyCodes.FlagFin, default);
        await writer.DataAsync(1, "hello"u8.ToArray(), fin: true, default);
        await writer.RstStreamAsync(3, SpdyCodes.Cancel, default);
        await writer.PingAsync(7, default);
        await writer.WindowUpdateAsync(5, 1000, default);
        await writer.GoAwayAsync(5, SpdyCodes.GoAwayOk, default);

        wire.Position = 0;
        var reader = new SpdyFrameReader(wire);
        using var inflater = new ZlibInflater(SpdyDictionary.Bytes);
        var syn = (await reader.ReadAsync(default))!;
        Assert.Equal((SpdyFrameType.SynStream, 1u, true), (syn.Type, syn.StreamId, syn.Fin));
        Assert.Equal("80", SpdyHeaderBlock.Decode(inflater.Inflate(syn.Payload.AsSpan(10)))["port"]);
        var data = (await reader.ReadAsync(default))!;
        Assert.Equal((SpdyFrameType.Data, 1u, true, "hello"), (data.Type, data.StreamId, data.Fin, System.Text.Encoding.ASCII.GetString(data.Payload)));
        var rst = (await reader.ReadAsync(default))!;
        Assert.Equal((SpdyFrameType.RstStream, 3u, 8), (rst.Type, rst.StreamId, rst.Payload.Length));
        Assert.Equal(SpdyFrameType.Ping, (await reader.ReadAsync(default))!.Type);
        var window = (await reader.ReadAsync(default))!;
        Assert.Equal((SpdyFrameType.WindowUpdate, 5u), (window.Type, window.StreamId));
        Assert.Equal(SpdyFrameType.GoAway, (await reader.ReadAsync(default))!.Type);
        Assert.Null(await reader.ReadAsync(default));
    }

    [Fact]
    public async Task AnotherVersionOrATruncatedFrameIsMalformed()
    {
        var spdy2 = new SpdyFrameReader(new MemoryStream([0x80, 0x02, 0x00, 0x06, 0x00, 0x00, 0x00, 0x04, 0, 0, 0, 1]));
        Assert.Contains("version 2", (await Assert.ThrowsAsync<InvalidDataException>(() => spdy2.ReadAsync(default))).Message);
        var cut = new SpdyFrameReader(new MemoryStream([0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x09, 1, 2]));
        await Assert.ThrowsAsync<InvalidDataException>(() => cut.ReadAsync(default));
        var half = new SpdyFrameReader(new MemoryStream([0x80, 0x03]));
        await Assert.ThrowsAsync<InvalidDataException>(() => half.ReadAsync(default));
    }
}
