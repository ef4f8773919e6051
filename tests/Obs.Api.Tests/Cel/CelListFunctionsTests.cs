using static Obs.Api.Tests.Cel.CelTesting;

namespace Obs.Api.Tests.Cel;

public sealed class CelListFunctionsTests
{
    [Theory]
    [InlineData("[1, 2, 2, 5].isSorted()", "true")]
    [InlineData("['b', 'a'].isSorted()", "false")]
    [InlineData("[].isSorted()", "true")]
    [InlineData("[1, 2, 3].sum()", "6")]
    [InlineData("[1.5, 2.5].sum()", "4.0")]
    [InlineData("[].sum()", "0")]
    [InlineData("[3, 1, 2].min()", "1")]
    [InlineData("['b', 'c', 'a'].max()", "\"c\"")]
    [InlineData("[1, 2, 1].indexOf(1)", "0")]
    [InlineData("[1, 2, 1].lastIndexOf(1)", "2")]
    [InlineData("[1, 2].indexOf(9)", "-1")]
    [InlineData("size([1, 2]) + size({'a': 1})", "3")]
    public void ListFunctions(string expr, string expected) => Assert.Equal(expected, Show(expr));

    [Theory]
    [InlineData("[].min()", "min called on empty list")]
    [InlineData("[9223372036854775807, 1].sum()", "integer overflow")]
    [InlineData("[1, 'a'].isSorted()", "no such overload: isSorted(int, string)")]
    public void ErrorsSayWhat(string expr, string expected) => Assert.Equal(expected, Error(expr));
}
