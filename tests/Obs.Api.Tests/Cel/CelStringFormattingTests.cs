using static Obs.Api.Tests.Cel.CelTesting;

namespace Obs.Api.Tests.Cel;

public sealed class CelStringFormattingTests
{
    [Theory]
    [InlineData("'this is a string: %s\\nand an integer: %d'.format(['str', 42])", "this is a string: str\nand an integer: 42")]
    [InlineData("'a double substituted with %%s: %s'.format([64.2])", "a double substituted with %s: 64.2")]
    [InlineData("'%f'.format([3.14])", "3.140000")]
    [InlineData("'%.2f and %f'.format([2.5, double('NaN')])", "2.50 and NaN")]
    [InlineData("'%e'.format([2.71828])", "2.718280e+00")]
    [InlineData("'%b %x %X %o'.format([5, 26, 26, 30])", "101 1a 1A 36")]
    [InlineData("'%x'.format([-26])", "-1a")]
    [InlineData("'%x'.format(['hi'])", "6869")]
    [InlineData("'%b'.format([true])", "1")]
    [InlineData("'duration: %s'.format([duration('1h45m47s')])", "duration: 6347s")]
    [InlineData("'%s'.format([[1, 'a']])", """[1, "a"]""")]
    [InlineData("strings.quote('single-quote with \"double quote\"')", "\"single-quote with \\\"double quote\\\"\"")]
    [InlineData("strings.quote('two escape sequences \\a\\n')", "\"two escape sequences \\a\\n\"")]
    public void Formats(string expr, string expected) => Assert.Equal(expected, Eval(expr));

    [Fact]
    public void MisuseIsAnError()
    {
        Assert.Equal("index 1 out of range", Error("'%d %d'.format([1])"));
        Assert.Equal("error during formatting: no such overload: %d of string", Error("'%d'.format(['x'])"));
        Assert.Contains("unrecognized formatting clause \"q\"", Error("'%q'.format([1])"));
    }
}
