using static Obs.Api.Tests.Cel.CelTesting;

namespace Obs.Api.Tests.Cel;

public sealed class CelSetFunctionsTests
{
    [Theory]
    [InlineData("sets.contains([1, 2, 3], [3, 1])", "true")]
    [InlineData("sets.contains([1, 2], [4])", "false")]
    [InlineData("sets.contains([1.0], [1])", "true")]
    [InlineData("sets.contains([1u, 'a', true], [1.0, 'a', true])", "true")]
    [InlineData("sets.contains([1, 2], [true])", "false")]
    [InlineData("sets.contains([[1], 2], [[1]])", "true")]
    [InlineData("sets.contains([1, 2], [[1]])", "false")]
    [InlineData("sets.contains([double('NaN')], [double('NaN')])", "false")]
    [InlineData("sets.equivalent([1, 2, 2], [2, 1])", "true")]
    [InlineData("sets.equivalent([1], [1, 3])", "false")]
    [InlineData("sets.intersects(['a', 'b'], ['c', 'b'])", "true")]
    [InlineData("sets.intersects([], ['c'])", "false")]
    public void Sets(string expr, string expected) => Assert.Equal(expected, Show(expr));

    [Fact]
    public void NonListsAreNoOverload() => Assert.Equal("no such overload: sets.contains(int, list)", Error("sets.contains(1, [1])"));

    [Fact]
    public void LargeListsTakeLinearTime()
    {
        var program = Obs.Api.Cel.CelProgram.Compile("sets.contains(self.a, self.b)", Obs.Api.Cel.CelProgram.Untyped("self"));
        var numbers = string.Join(",", Enumerable.Range(0, 200_000));
        var self = System.Text.Json.Nodes.JsonNode.Parse($$"""{"a":[{{numbers}}],"b":[{{numbers}}]}""");
        // Pairwise this would be 2·10^10 comparisons; by key it is instant. No timing is asserted, the test would simply hang.
        Assert.True(program.EvaluateBool(new Dictionary<string, System.Text.Json.Nodes.JsonNode?> { ["self"] = self }));
    }
}
