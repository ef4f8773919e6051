using Obs.NodeAgent.Pods;

namespace Obs.NodeAgent.Tests.Pods;

public sealed class VariableExpansionTests
{
    private static string? Lookup(string name) => name switch { "A" => "1", "EMPTY" => "", _ => null };

    [Theory]
    [InlineData("$(A)-$(A)", "1-1")]
    [InlineData("x$(EMPTY)y", "xy")]
    [InlineData("$(MISSING)", "$(MISSING)")]
    [InlineData("$$(A)", "$(A)")]
    [InlineData("cost $5", "cost $5")]
    [InlineData("$(A", "$(A")]
    [InlineData("end$", "end$")]
    public void ExpandsDefinedNamesAndKeepsTheRest(string input, string expected) =>
        Assert.Equal(expected, VariableExpansion.Expand(input, Lookup));
}
