using static Obs.Api.Tests.Cel.CelTesting;

namespace Obs.Api.Tests.Cel;

public sealed class CelUrlAndQuantityTests
{
    [Theory]
    [InlineData("url('https://user@example.com:8443/a/b?x=1&x=2&y=z').getScheme()", "\"https\"")]
    [InlineData("url('https://user@example.com:8443/a/b').getHost()", "\"example.com:8443\"")]
    [InlineData("url('https://example.com:8443/a/b').getHostname()", "\"example.com\"")]
    [InlineData("url('https://example.com:8443/a/b').getPort()", "\"8443\"")]
    [InlineData("url('https://[::1]:80/').getHostname()", "\"::1\"")]
    [InlineData("url('https://example.com/a%20b').getEscapedPath()", "\"/a%20b\"")]
    [InlineData("url('https://example.com/?x=1&x=2&y=z').getQuery()['x']", "[\"1\", \"2\"]")]
    [InlineData("url('/just/a/path').getHost()", "\"\"")]
    [InlineData("isURL('https://example.com')", "true")]
    [InlineData("isURL('not a url')", "false")]
    [InlineData("isURL('example.com')", "false")]
    public void Urls(string expr, string expected) => Assert.Equal(expected, Show(expr));

    [Theory]
    [InlineData("quantity('1Gi').isGreaterThan(quantity('1G'))", "true")]
    [InlineData("quantity('500m').isLessThan(quantity('1'))", "true")]
    [InlineData("quantity('1') == quantity('1000m')", "true")]
    [InlineData("quantity('2').add(quantity('500m')).asApproximateFloat()", "2.5")]
    [InlineData("quantity('2').sub(1).asInteger()", "1")]
    [InlineData("quantity('1.5').isInteger()", "false")]
    [InlineData("quantity('-3').sign()", "-1")]
    [InlineData("quantity('1k').compareTo(quantity('1000'))", "0")]
    [InlineData("isQuantity('10Mi') && !isQuantity('ten')", "true")]
    public void Quantities(string expr, string expected) => Assert.Equal(expected, Show(expr));

    [Fact]
    public void BadInputIsAnError()
    {
        Assert.Contains("invalid URI for request", Error("url('example.com')"));
        Assert.Contains("quantities must match", Error("quantity('ten')"));
        Assert.Equal("cannot convert value to integer", Error("quantity('1.5').asInteger()"));
    }
}
