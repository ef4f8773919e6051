using static Obs.Api.Tests.Cel.CelTesting;

namespace Obs.Api.Tests.Cel;

public sealed class CelSetFunctionsTests
{
    [Theory]
    [InlineData("sets.contains([1, 2, 3], [3, 1])", "true")]
    [InlineData("sets.contains([1, 2], [4])", "false")]
    [InlineData("sets.contains([1.0], [1])", "true")]
    [InlineData("sets.equivalent([1, 2, 2], [2, 1])", "true")]
    [InlineData("sets.equivalent([1], [1, 3])", "false")]
    [InlineData("sets.intersects(['a', 'b'], ['c', 'b'])", "true")]
    [InlineData("sets.intersects([], ['c'])", "false")]
    public void Sets(string expr, string expected) => Assert.Equal(expected, Show(expr));

    [Fact]
    public void NonListsAreNoOverload() => Assert.Equal("no such overload: sets.contains(int, list)", Error("sets.contains(1, [1])"));
}
