using static Obs.Api.Tests.Cel.CelTesting;

namespace Obs.Api.Tests.Cel;

public sealed class CelParserTests
{
    [Theory]
    [InlineData("1 + 2 * 3", "7")]
    [InlineData("(1 + 2) * 3", "9")]
    [InlineData("10 - 4 - 3", "3")]
    [InlineData("-9223372036854775808", "-9223372036854775808")]
    [InlineData("0x1F", "31")]
    [InlineData("42u", "42u")]
    [InlineData("1.5e3", "1500.0")]
    [InlineData(".5", "0.5")]
    [InlineData("true ? 'a' : 'b'", "\"a\"")]
    [InlineData("false ? 1 : true ? 2 : 3", "2")]
    [InlineData("!!true", "true")]
    [InlineData("'a\\tb\\u00e9\\x41\\101'", "\"a\tbéAA\"")]
    [InlineData("r'a\\tb'", "\"a\\tb\"")]
    [InlineData("'''multi\nline'''", "\"multi\nline\"")]
    [InlineData("\"double\" + 'single'", "\"doublesingle\"")]
    [InlineData("[1, 2, 3,][1]", "2")]
    [InlineData("{'a': 1, 'b': 2}['b']", "2")]
    [InlineData("{'a': {'b': [true]}}.a.b[0]", "true")]
    [InlineData("1 in [1, 2] && 'k' in {'k': 1}", "true")]
    [InlineData("// a comment\n1 == 1", "true")]
    [InlineData("size(b'\\xff\\x00')", "2")]
    public void ParsesAndEvaluates(string expr, string expected) => Assert.Equal(expected, Show(expr));

    [Theory]
    [InlineData("1 +", "ERROR: <input>:1:4: Syntax error: mismatched input '<EOF>' expecting an expression")]
    [InlineData("(1", "ERROR: <input>:1:3: Syntax error: mismatched input '<EOF>' expecting ')'")]
    [InlineData("self.a ==", "ERROR: <input>:1:10:")]
    [InlineData("'unterminated", "ERROR: <input>:1:1: Syntax error: unterminated string literal")]
    [InlineData("1 # 2", "ERROR: <input>:1:3: Syntax error: token recognition error at: '#'")]
    [InlineData("9223372036854775808", "invalid int literal")]
    [InlineData("if", "reserved identifier: if")]
    [InlineData("has(self)", "invalid argument to has() macro")]
    [InlineData("self.all(1, true)", "variable name must be a simple identifier")]
    [InlineData("", "expecting an expression")]
    public void ABadExpressionSaysWhatAndWhere(string expr, string expected) => Assert.Contains(expected, CompileError(expr));

    [Fact]
    public void TheMessageShowsTheLineAndACaretUnderThePlace()
    {
        Assert.Equal("ERROR: <input>:2:5: Syntax error: mismatched input ')' expecting an expression\n | 1 + )\n | ....^", CompileError("true &&\n1 + )"));
    }

    [Fact]
    public void DeepNestingIsRefusedNotAStackOverflow() =>
        Assert.Contains("recursion limit", CompileError(new string('(', 1000) + "1" + new string(')', 1000)));
}
