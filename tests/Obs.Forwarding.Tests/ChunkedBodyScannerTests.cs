using System.Text;

namespace Obs.Forwarding.Tests;

public sealed class ChunkedBodyScannerTests
{
    private const string Body = "5\r\nhello\r\n1A;name=value\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Trailer: 1\r\n\r\n";

    [Fact]
    public void BodyEndsAfterTheLastChunkAndTrailers()
    {
        var bytes = Encoding.ASCII.GetBytes(Body + "GET / HTTP/1.1\r\n");
        var scanner = default(ChunkedBodyScanner);

        var used = scanner.Scan(bytes);

        Assert.True(scanner.IsDone);
        Assert.Equal(Body.Length, used);
    }

    [Fact]
    public void BodyFedOneByteAtATimeEndsAtTheSamePlace()
    {
        var bytes = Encoding.ASCII.GetBytes(Body + "next");
        var scanner = default(ChunkedBodyScanner);
        var used = 0;
        while (!scanner.IsDone)
        {
            Assert.Equal(1, scanner.Scan(bytes.AsSpan(used, 1)));
            used++;
        }
        Assert.Equal(Body.Length, used);
        Assert.False(scanner.IsInvalid);
    }

    [Fact]
    public void UnfinishedBodyTakesEverythingAndWaits()
    {
        var scanner = default(ChunkedBodyScanner);

        Assert.Equal(8, scanner.Scan("5\r\nhello"u8));
        Assert.False(scanner.IsDone);
        Assert.Equal(5, scanner.Scan("\r\n0\r\n"u8));
        Assert.False(scanner.IsDone);
        Assert.Equal(2, scanner.Scan("\r\nrest"u8));
        Assert.True(scanner.IsDone);
    }

    [Theory]
    [InlineData("x\r\n")]
    [InlineData("5\r\nhelloXX")]
    [InlineData("\r\n")]
    [InlineData("1234567890123456\r\n")]
    [InlineData("5;ext\n")]
    public void MalformedBodiesAreInvalid(string body)
    {
        var scanner = default(ChunkedBodyScanner);
        scanner.Scan(Encoding.ASCII.GetBytes(body));
        Assert.True(scanner.IsInvalid);
    }
}
