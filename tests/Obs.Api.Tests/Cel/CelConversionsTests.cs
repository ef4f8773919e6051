using static Obs.Api.Tests.Cel.CelTesting;

namespace Obs.Api.Tests.Cel;

public sealed class CelConversionsTests
{
    [Theory]
    [InlineData("int('42')", "42")]
    [InlineData("int(3.9)", "3")]
    [InlineData("int(-3.9)", "-3")]
    [InlineData("int(42u)", "42")]
    [InlineData("uint(42)", "42u")]
    [InlineData("double(3)", "3.0")]
    [InlineData("double('2.5')", "2.5")]
    [InlineData("string(42)", "\"42\"")]
    [InlineData("string(1.5)", "\"1.5\"")]
    [InlineData("string(true)", "\"true\"")]
    [InlineData("string(b'abc')", "\"abc\"")]
    [InlineData("bool('true')", "true")]
    [InlineData("type(1) == int", "true")]
    [InlineData("type('a') == string", "true")]
    [InlineData("dyn(1) == 1", "true")]
    [InlineData("duration('1h30m') == duration('90m')", "true")]
    [InlineData("duration('1.5s') < duration('2s')", "true")]
    [InlineData("string(duration('1h'))", "\"3600s\"")]
    [InlineData("duration('300ms').getMilliseconds()", "300")]
    [InlineData("timestamp('2024-01-02T03:04:05Z') + duration('1h') > timestamp('2024-01-02T04:00:00Z')", "true")]
    [InlineData("string(timestamp('2024-01-02T03:04:05+01:00'))", "\"2024-01-02T02:04:05Z\"")]
    [InlineData("timestamp('2024-03-01T00:00:00Z').getMonth()", "2")]
    [InlineData("optional.of(1).hasValue() && !optional.none().hasValue()", "true")]
    [InlineData("optional.none().orValue(7)", "7")]
    [InlineData("optional.ofNonZeroValue('').hasValue()", "false")]
    public void Converts(string expr, string expected) => Assert.Equal(expected, Show(expr));

    [Theory]
    [InlineData("int('x')", "type conversion error from 'string' to 'int': \"x\"")]
    [InlineData("int(1e19)", "int overflow converting 1e+19")]
    [InlineData("uint(-1)", "uint overflow converting -1")]
    [InlineData("int(18446744073709551615u)", "int overflow converting 18446744073709551615")]
    [InlineData("duration('1x')", "invalid duration: \"1x\"")]
    [InlineData("timestamp('yesterday')", "invalid timestamp: \"yesterday\"")]
    [InlineData("int([1])", "no such overload: int(list)")]
    public void ConversionErrorsSayWhat(string expr, string expected) => Assert.Equal(expected, Error(expr));
}
