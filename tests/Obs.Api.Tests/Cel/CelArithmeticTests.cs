using static Obs.Api.Tests.Cel.CelTesting;

namespace Obs.Api.Tests.Cel;

public sealed class CelArithmeticTests
{
    [Theory]
    [InlineData("7 / 2", "3")]
    [InlineData("-7 / 2", "-3")]
    [InlineData("-7 % 3", "-1")]
    [InlineData("7.0 / 2.0", "3.5")]
    [InlineData("1.0 / 0.0", "Infinity")]
    [InlineData("3u - 1u", "2u")]
    [InlineData("'ab' + 'cd'", "\"abcd\"")]
    [InlineData("[1] + [2, 3]", "[1, 2, 3]")]
    [InlineData("9223372036854775807 - 1", "9223372036854775806")]
    public void Computes(string expr, string expected) => Assert.Equal(expected, Show(expr));

    [Theory]
    [InlineData("9223372036854775807 + 1", "integer overflow")]
    [InlineData("-9223372036854775808 - 1", "integer overflow")]
    [InlineData("4611686018427387904 * 2", "integer overflow")]
    [InlineData("-(-9223372036854775808)", "integer overflow")]
    [InlineData("-9223372036854775808 / -1", "integer overflow")]
    [InlineData("0u - 1u", "integer overflow")]
    [InlineData("1 / 0", "division by zero")]
    [InlineData("1 % 0", "modulus by zero")]
    [InlineData("1 + 1.0", "no such overload: _+_(int, double)")]
    [InlineData("1 + 'a'", "no such overload: _+_(int, string)")]
    [InlineData("'a' < 1", "no such overload: _<_(string, int)")]
    public void ErrsWhereCelErrs(string expr, string expected) => Assert.Equal(expected, Error(expr));

    [Theory]
    [InlineData("1 == 1.0", "true")]
    [InlineData("1u == 1", "true")]
    [InlineData("2 > 1.5", "true")]
    [InlineData("-1 < 1u", "true")]
    [InlineData("'a' == 1", "false")]
    [InlineData("null == null", "true")]
    [InlineData("[1, 'a'] == [1, 'a']", "true")]
    [InlineData("{'a': [1]} == {'a': [1.0]}", "true")]
    [InlineData("{'a': 1} != {'a': 2}", "true")]
    [InlineData("'abc' < 'abd'", "true")]
    [InlineData("b'a' < b'b'", "true")]
    [InlineData("false < true", "true")]
    [InlineData("0.0/0.0 == 0.0/0.0", "false")]
    [InlineData("0.0/0.0 < 1.0", "false")]
    public void ComparesAsCelDoes(string expr, string expected) => Assert.Equal(expected, Show(expr));

    [Theory]
    [InlineData("false && (1 / 0 == 1)", "false")]
    [InlineData("(1 / 0 == 1) && false", "false")]
    [InlineData("true || (1 / 0 == 1)", "true")]
    [InlineData("(1 / 0 == 1) || true", "true")]
    [InlineData("!(1 == 2)", "true")]
    public void AndAndOrAbsorbAnErrorTheOtherSideDecides(string expr, string expected) => Assert.Equal(expected, Show(expr));

    [Theory]
    [InlineData("true && (1 / 0 == 1)", "division by zero")]
    [InlineData("(1 / 0 == 1) || false", "division by zero")]
    [InlineData("1 && true", "no such overload: _&&_(int, bool)")]
    [InlineData("!1", "no such overload: !_(int)")]
    [InlineData("1 ? 2 : 3", "no such overload: _?_:_(int)")]
    public void AnUndecidedErrorSurfaces(string expr, string expected) => Assert.Equal(expected, Error(expr));
}
