using static Obs.Api.Tests.Cel.CelTesting;

namespace Obs.Api.Tests.Cel;

public sealed class CelMacrosTests
{
    private const string Self = """{"items":[{"name":"a","port":80},{"name":"b","port":443}],"labels":{"app":"web","tier":"front"},"empty":[]}""";

    [Theory]
    [InlineData("self.items.all(i, i.port > 0)", "true")]
    [InlineData("self.items.all(i, i.port > 100)", "false")]
    [InlineData("self.empty.all(i, false)", "true")]
    [InlineData("self.items.exists(i, i.name == 'b')", "true")]
    [InlineData("self.empty.exists(i, true)", "false")]
    [InlineData("self.items.exists_one(i, i.port == 80)", "true")]
    [InlineData("[1, 1].exists_one(x, x == 1)", "false")]
    [InlineData("self.items.map(i, i.name)", "[\"a\", \"b\"]")]
    [InlineData("self.items.map(i, i.port > 100, i.name)", "[\"b\"]")]
    [InlineData("self.items.filter(i, i.port == 443).size()", "1")]
    [InlineData("self.labels.all(k, k.size() > 2)", "true")]
    [InlineData("self.labels.exists(k, self.labels[k] == 'front')", "true")]
    [InlineData("[[1, 2], [3]].all(l, l.all(x, x > 0))", "true")]
    [InlineData("has(self.labels) && !has(self.missing)", "true")]
    [InlineData("has(self.labels.app)", "true")]
    public void MacrosRangeOverListsAndMapKeys(string expr, string expected) => Assert.Equal(expected, Show(expr, Self));

    [Theory]
    [InlineData("[0, 1].all(x, 1 / x > 1)", "false")]
    [InlineData("[1, 0].all(x, 1 / x > 1)", "false")]
    [InlineData("[0, 1].exists(x, 1 / x == 1)", "true")]
    public void QuantifiersAbsorbErrorsWhenAnElementDecides(string expr, string expected) => Assert.Equal(expected, Show(expr));

    [Theory]
    [InlineData("[0, 1].all(x, 1 / x > 0)", "division by zero")]
    [InlineData("[1].all(x, x)", "no such overload: _&&_(int)")]
    [InlineData("1.all(x, true)", "expression of type 'int' cannot be the range of a comprehension (must be list or map)")]
    [InlineData("self.nope", "no such key: nope")]
    [InlineData("self.items[5]", "index out of bounds: 5")]
    [InlineData("self.labels['none']", "no such key: none")]
    public void ErrorsSayWhat(string expr, string expected) => Assert.Equal(expected, Error(expr, Self));

    [Fact]
    public void TheIterationVariableShadowsAndThenLeavesScope()
    {
        Assert.Equal("true", Show("[1, 2].all(self, self > 0) && has(self.items)", Self));
    }

    [Fact]
    public void NestedComprehensionsStopAtTheStepLimitInsteadOfRunningOn()
    {
        var program = Obs.Api.Cel.CelProgram.Compile("self.all(a, self.all(b, self.all(c, a + b + c >= 0)))", Obs.Api.Cel.CelProgram.Untyped("self"));
        var list = new Obs.Api.Cel.CelList(Enumerable.Range(0, 200).Select(i => (object?)(long)i).ToList());
        var e = Assert.Throws<Obs.Api.Cel.CelEvaluationException>(() => program.Evaluate(new Dictionary<string, object?> { ["self"] = list }));
        Assert.Equal("operation cancelled: actual cost limit exceeded", e.Message);
        Assert.Equal(true, program.Evaluate(new Dictionary<string, object?> { ["self"] = new Obs.Api.Cel.CelList([1L, 2L]) }));
    }
}
