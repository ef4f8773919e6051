using Obs.ApiServer.Http;

namespace Obs.ApiServer.Tests.Http;

public sealed class WarningHeaderTests
{
    [Theory]
    [InlineData("unknown field \"spec.x\"", "\"unknown field \\\"spec.x\\\"\"")]
    [InlineData("a\nb", "\"a\\nb\"")]
    [InlineData("tab\there", "\"tab\\there\"")]
    [InlineData("nul\u0000", "\"nul\\x00\"")]
    [InlineData("é", "\"\\u00e9\"")]
    [InlineData("back\\slash", "\"back\\\\slash\"")]
    public void TextIsQuotedAsGoQuotesIt(string text, string expected) => Assert.Equal(expected, WarningHeader.Quote(text));

    [Fact]
    public void QuotedTextIsPrintableAscii() =>
        Assert.All(WarningHeader.Quote("\u0001\u007f\u2028😀\r\n"), c => Assert.InRange(c, ' ', '~'));
}
