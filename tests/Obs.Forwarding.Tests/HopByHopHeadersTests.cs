namespace Obs.Forwarding.Tests;

public sealed class HopByHopHeadersTests
{
    [Theory]
    [InlineData("Connection")]
    [InlineData("keep-alive")]
    [InlineData("TE")]
    [InlineData("Trailer")]
    [InlineData("Transfer-Encoding")]
    [InlineData("Upgrade")]
    [InlineData("HTTP2-Settings")]
    [InlineData("Proxy-Authorization")]
    [InlineData("Proxy-Anything")]
    public void TheFixedListAndEveryProxyHeaderStayOnTheirHop(string name) => Assert.True(HopByHopHeaders.IsHopByHop(name));

    [Theory]
    [InlineData("Authorization")]
    [InlineData("Content-Length")]
    [InlineData("X-Forwarded-For")]
    [InlineData("Location")]
    public void EndToEndHeadersGoOn(string name) => Assert.False(HopByHopHeaders.IsHopByHop(name));

    [Fact]
    public void TheNamesAConnectionHeaderListsAreCollectedAcrossItsValues()
    {
        var named = HopByHopHeaders.NamedIn(new(["close, X-Private", " x-other ,"]));
        Assert.NotNull(named);
        Assert.Equal(["X-Private", "close", "x-other"], named.Order(StringComparer.Ordinal));
        Assert.Contains("X-OTHER", named);
        Assert.Null(HopByHopHeaders.NamedIn(default));
    }

    [Fact]
    public void OnlyATeOfTrailersAloneIsTrailersOnly()
    {
        Assert.True(HopByHopHeaders.IsTrailersOnly(new(" Trailers ")));
        Assert.False(HopByHopHeaders.IsTrailersOnly(new("trailers, deflate")));
        Assert.False(HopByHopHeaders.IsTrailersOnly(new(["trailers", "gzip"])));
    }
}
