using static Obs.Api.Tests.Cel.CelTesting;

namespace Obs.Api.Tests.Cel;

public sealed class CelTwoVariableMacrosTests
{
    private const string Self = """{"l":["a","b","c"],"m":{"x":1,"y":2}}""";

    [Theory]
    [InlineData("self.l.all(i, v, i < 3 && v.size() == 1)", "true")]
    [InlineData("self.m.all(k, v, v > 1)", "false")]
    [InlineData("self.l.exists(i, v, i == 1 && v == 'b')", "true")]
    [InlineData("self.m.exists(k, v, k == 'y' && v == 2)", "true")]
    [InlineData("self.l.existsOne(i, v, v != 'a')", "false")]
    [InlineData("self.m.existsOne(k, v, v == 2)", "true")]
    [InlineData("self.l.exists_one(i, v, i == 0)", "true")]
    [InlineData("self.l.transformList(i, v, v + string(i))", "[\"a0\", \"b1\", \"c2\"]")]
    [InlineData("self.l.transformList(i, v, i > 0, v)", "[\"b\", \"c\"]")]
    [InlineData("self.m.transformList(k, v, k + '=' + string(v))", "[\"x=1\", \"y=2\"]")]
    [InlineData("self.m.transformMap(k, v, v * 10)", "{\"x\":10,\"y\":20}")]
    [InlineData("self.m.transformMap(k, v, v > 1, v * 10)", "{\"y\":20}")]
    [InlineData("self.l.transformMap(i, v, v)[1]", "\"b\"")]
    [InlineData("self.m.transformMapEntry(k, v, {string(v): k})", "{\"1\":\"x\",\"2\":\"y\"}")]
    [InlineData("self.m.transformMapEntry(k, v, v == 2, {k + k: v})", "{\"yy\":2}")]
    [InlineData("self.m.all(k, v, self.l.exists(i, w, w == k)) || true", "true")]
    public void TwoVariables(string expr, string expected) => Assert.Equal(expected, Show(expr, Self));

    [Fact]
    public void AnErrorIsDecidedAwayOnlyWhereCelSaysSo()
    {
        Assert.Equal("true", Show("self.l.exists(i, v, v == 'a' || 1 / 0 == 1)", Self));
        Assert.Equal("false", Show("self.l.all(i, v, i == 0 ? 1 / 0 == 1 : false)", Self));
        Assert.Equal("division by zero", Error("self.l.all(i, v, i < 3 ? 1 / 0 == 1 : true)", Self));
        Assert.Equal("insert failed: key 1 already exists", Error("self.m.transformMapEntry(k, v, {1: v})", Self));
        Assert.Equal("expression of type 'int' cannot be the range of a comprehension (must be list or map)", Error("(1).all(i, v, true)", Self));
    }

    [Fact]
    public void TheVariablesMustBeTwoDistinctNames()
    {
        Assert.Contains("second variable must be different", CompileError("self.l.all(v, v, true)"));
        Assert.Contains("first variable name must be a simple identifier", CompileError("self.l.all(1, v, true)"));
    }

    [Fact]
    public void TheStepLimitStillStopsNestedComprehensions()
    {
        var program = Obs.Api.Cel.CelProgram.Compile("self.l.all(i, v, self.l.all(j, w, self.l.all(k, x, true)))", Obs.Api.Cel.CelProgram.Untyped("self"));
        var self = System.Text.Json.Nodes.JsonNode.Parse("""{"l":[""" + string.Join(",", Enumerable.Range(0, 200)) + "]}");
        var values = new Dictionary<string, object?> { ["self"] = Obs.Api.Cel.CelValues.FromJson(self) };
        Assert.Contains("cost limit exceeded", Assert.Throws<Obs.Api.Cel.CelEvaluationException>(() => program.Evaluate(values, stepLimit: 100_000)).Message);
    }
}
