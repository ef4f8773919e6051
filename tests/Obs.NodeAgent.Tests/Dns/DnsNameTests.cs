using Obs.NodeAgent.Dns;

namespace Obs.NodeAgent.Tests.Dns;

public sealed class DnsNameTests
{
    [Fact]
    public void LabelsSplitOnDotsAndIgnoreTheTrailingOne()
    {
        var labels = DnsName.Labels("web.shop.svc.cluster.local.");
        Assert.Equal(["web", "shop", "svc", "cluster", "local"], labels.Select(l => System.Text.Encoding.ASCII.GetString(l)));
        Assert.Empty(DnsName.Labels(""));
        Assert.Empty(DnsName.Labels("."));
    }

    [Fact]
    public void EscapedDotsAndDecimalEscapesStayInsideTheLabel()
    {
        var labels = DnsName.Labels(@"a\.b\032c.d");
        Assert.Equal(2, labels.Count);
        Assert.Equal("a.b c"u8.ToArray(), labels[0]);
    }

    [Theory]
    [InlineData("a..b")]
    [InlineData(".a")]
    [InlineData("a\\")]
    [InlineData("a\\999")]
    public void MalformedNamesCannotBeWritten(string name) => Assert.Throws<ArgumentException>(() => DnsName.Labels(name));

    [Fact]
    public void LabelsLongerThan63BytesAndNamesLongerThan255AreRejected()
    {
        Assert.Throws<ArgumentException>(() => DnsName.Labels(new string('a', 64) + ".b"));
        DnsName.Labels(new string('a', 63) + ".b");
        var tooLong = string.Join('.', Enumerable.Repeat(new string('a', 63), 4));
        Assert.Throws<ArgumentException>(() => DnsName.Labels(tooLong));
        DnsName.Labels(string.Join('.', Enumerable.Repeat(new string('a', 63), 3)) + "." + new string('a', 61));
    }

    [Fact]
    public void ReadFollowsCompressionPointersAndEndsAfterThePointer()
    {
        // "example.com" at 0, then "www" + pointer to 0 at 13.
        byte[] message = [7, .. "example"u8, 3, .. "com"u8, 0, 3, .. "www"u8, 0xC0, 0x00, 0xFF];
        var offset = 13;
        Assert.Equal("www.example.com", DnsName.Read(message, ref offset));
        Assert.Equal(19, offset);
    }

    [Fact]
    public void PointerLoopsAndForwardPointersAreFormatErrors()
    {
        byte[] self = [0xC0, 0x00];
        var offset = 0;
        Assert.Throws<DnsFormatException>(() => DnsName.Read(self, ref offset));
        byte[] forward = [0xC0, 0x02, 0x00];
        offset = 0;
        Assert.Throws<DnsFormatException>(() => DnsName.Read(forward, ref offset));
        // Two pointers pointing at each other: 2 -> 0 is backwards, 0 -> 2 is not.
        byte[] pair = [0xC0, 0x02, 0xC0, 0x00];
        offset = 2;
        Assert.Throws<DnsFormatException>(() => DnsName.Read(pair, ref offset));
    }

    [Fact]
    public void UnprintableBytesReadAsDecimalEscapesAndWriteBackTheSame()
    {
        byte[] message = [4, (byte)'a', (byte)'.', 0x00, (byte)'\\', 0];
        var offset = 0;
        var name = DnsName.Read(message, ref offset);
        Assert.Equal(@"a\.\000\\", name);
        Assert.Equal(new byte[] { (byte)'a', (byte)'.', 0, (byte)'\\' }, DnsName.Labels(name)[0]);
    }

    [Fact]
    public void NormalizeLowerCasesAsciiAndDropsTheTrailingDot() =>
        Assert.Equal("web.shop.svc.cluster.local", DnsName.Normalize("WEB.Shop.SVC.cluster.local."));
}
