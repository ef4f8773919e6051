using static Obs.Api.Tests.Cel.CelTesting;

namespace Obs.Api.Tests.Cel;

public sealed class CelStringFunctionsTests
{
    [Theory]
    [InlineData("'héllo'.size()", "5")]
    [InlineData("size('😀a')", "2")]
    [InlineData("'kube-system'.startsWith('kube-')", "true")]
    [InlineData("'file.yaml'.endsWith('.yml')", "false")]
    [InlineData("'abc'.contains('bc')", "true")]
    [InlineData("'v1.2.3'.matches('^v[0-9]+\\\\.[0-9]+\\\\.[0-9]+$')", "true")]
    [InlineData("matches('abc', 'b')", "true")]
    [InlineData("'abc'.matches('^b')", "false")]
    [InlineData("'hello'.charAt(1)", "\"e\"")]
    [InlineData("'hello'.charAt(5)", "\"\"")]
    [InlineData("'héllo wörld'.indexOf('ö')", "7")]
    [InlineData("'abcabc'.indexOf('c', 3)", "5")]
    [InlineData("'abcabc'.lastIndexOf('ab')", "3")]
    [InlineData("'abcabc'.lastIndexOf('ab', 2)", "0")]
    [InlineData("'abc'.indexOf('')", "0")]
    [InlineData("'ÀBc'.lowerAscii()", "\"Àbc\"")]
    [InlineData("'àbC'.upperAscii()", "\"àBC\"")]
    [InlineData("'a-b-c'.replace('-', '.')", "\"a.b.c\"")]
    [InlineData("'a-b-c'.replace('-', '.', 1)", "\"a.b-c\"")]
    [InlineData("'a,b,c'.split(',')", "[\"a\", \"b\", \"c\"]")]
    [InlineData("'a,b,c'.split(',', 2)", "[\"a\", \"b,c\"]")]
    [InlineData("'a,b'.split(',', 0)", "[]")]
    [InlineData("'abc'.split('')", "[\"a\", \"b\", \"c\"]")]
    [InlineData("'tacocat'.substring(4)", "\"cat\"")]
    [InlineData("'tacocat'.substring(0, 4)", "\"taco\"")]
    [InlineData("'  \\t trim me \\n'.trim()", "\"trim me\"")]
    [InlineData("['a', 'b'].join()", "\"ab\"")]
    [InlineData("['a', 'b'].join(', ')", "\"a, b\"")]
    [InlineData("'abc'.reverse()", "\"cba\"")]
    [InlineData("'abc 123 def 456'.find('[0-9]+')", "\"123\"")]
    [InlineData("'abc 123 def 456'.findAll('[0-9]+')", "[\"123\", \"456\"]")]
    [InlineData("'abc 123 def 456'.findAll('[0-9]+', 1)", "[\"123\"]")]
    [InlineData("'xyz'.find('[0-9]+')", "\"\"")]
    public void StringFunctionsWorkOnCodePoints(string expr, string expected) => Assert.Equal(expected, Show(expr));

    [Theory]
    [InlineData("'abc'.charAt(4)", "index out of range: 4")]
    [InlineData("'abc'.substring(2, 1)", "invalid substring range. start: 2, end: 1")]
    [InlineData("'abc'.substring(-1)", "index out of range: -1")]
    [InlineData("'abc'.indexOf('a', 9)", "index out of range: 9")]
    [InlineData("[1].join()", "no such overload: join(list)")]
    [InlineData("'abc'.startsWith(1)", "no such overload: startsWith(string, int)")]
    public void OutOfRangeIsAnError(string expr, string expected) => Assert.Equal(expected, Error(expr));

    [Fact]
    public void ABadConstantPatternIsACompileErrorAndABadDynamicOneAnEvaluationError()
    {
        Assert.Contains("error parsing regexp", CompileError("'a'.matches('(')"));
        Assert.Contains("error parsing regexp", Error("'a'.matches(self)", "\"(\""));
    }

    [Fact]
    public void PatternsWithBackreferencesAreRefusedAsRe2RefusesThem() =>
        Assert.Contains("error parsing regexp", CompileError("'aa'.matches('(a)\\\\1')"));
}
