using Obs.NodeAgent.Runtime;

namespace Obs.NodeAgent.Tests.Runtime;

public sealed class VariableExpansionTests
{
    private static string? Lookup(string name) => name switch
    {
        "NAME" => "web",
        "EMPTY" => "",
        _ => null,
    };

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("$(NAME)", "web")]
    [InlineData("a-$(NAME)-b", "a-web-b")]
    [InlineData("$(EMPTY)x", "x")]
    [InlineData("$(MISSING)", "$(MISSING)")]
    [InlineData("$$(NAME)", "$(NAME)")]
    [InlineData("$$$(NAME)", "$web")]
    [InlineData("cost $5", "cost $5")]
    [InlineData("$(NAME", "$(NAME")]
    [InlineData("end$", "end$")]
    public void ExpandsAsKubernetes(string input, string expected) => Assert.Equal(expected, VariableExpansion.Expand(input, Lookup));

    [Fact]
    public void EnvValuesSeeOnlyEarlierEntries()
    {
        var env = VariableExpansion.ExpandEnvironment([new("A", "1"), new("B", "$(A)-$(C)"), new("C", "3")]);
        Assert.Equal([new("A", "1"), new("B", "1-$(C)"), new("C", "3")], env);
    }
}
