using Obs.Api.Cel;
using static Obs.Api.Tests.Cel.CelTesting;

namespace Obs.Api.Tests.Cel;

public sealed class CelOptionalSyntaxTests
{
    private const string Self = """{"spec":{"replicas":3,"labels":{"app":"web"},"ports":[80,443]}}""";

    [Theory]
    [InlineData("self.?spec.?replicas.orValue(1)", "3")]
    [InlineData("self.?spec.?paused.orValue(false)", "false")]
    [InlineData("self.?status.?phase.orValue('none')", "\"none\"")]
    [InlineData("self.?status.phase.hasValue()", "false")]
    [InlineData("self.?spec.replicas.value()", "3")]
    [InlineData("self.spec.labels[?'app'].value()", "\"web\"")]
    [InlineData("self.spec.labels[?'tier'].hasValue()", "false")]
    [InlineData("self.spec.ports[?1].value()", "443")]
    [InlineData("self.spec.ports[?5].orValue(0)", "0")]
    [InlineData("self.?spec.ports[0].value()", "80")]
    [InlineData("[1, ?optional.none(), ?optional.of(3)]", "[1, 3]")]
    [InlineData("{'a': 1, ?'b': optional.none(), ?'c': self.?spec.?replicas}", "{\"a\":1,\"c\":3}")]
    [InlineData("self.?spec.?replicas.optMap(r, r * 2).value()", "6")]
    [InlineData("self.?spec.?missing.optMap(r, r * 2).hasValue()", "false")]
    [InlineData("optional.of(2).optFlatMap(x, x > 1 ? optional.of(x) : optional.none()).value()", "2")]
    [InlineData("optional.none().or(optional.of(4)).value()", "4")]
    [InlineData("optional.of(5).or(optional.of(4)).value()", "5")]
    [InlineData("optional.unwrap([optional.of(1), optional.none(), optional.of(2)])", "[1, 2]")]
    [InlineData("[optional.none(), optional.of('x')].unwrapOpt()", "[\"x\"]")]
    public void OptionalsFollowPresence(string expr, string expected) => Assert.Equal(expected, Show(expr, Self));

    [Fact]
    public void OptionalSelectionReachesFieldsComputedOnDemandAsAPolicysVariables()
    {
        var program = CelProgram.Compile("variables.?replicas.orValue(0) + variables.?missing.orValue(10)", CelProgram.Untyped("variables"), mustBeBool: false);
        var variables = new CelLazyFields(new Dictionary<string, Func<object?>> { ["replicas"] = () => 3L });
        Assert.Equal(13L, program.Evaluate(new Dictionary<string, object?> { ["variables"] = variables }));
    }

    [Fact]
    public void MisuseIsAnError()
    {
        Assert.Equal("optional.none() dereference", Error("self.?spec.?missing.value()", Self));
        Assert.Equal("no such overload: [?_](int)", Error("[?1]", Self));
        Assert.Equal("type 'int' does not support field selection", Error("self.spec.replicas.?x", Self));
        Assert.Contains("unsupported syntax '.?'", CompileError("self.?size()"));
    }

    [Fact]
    public void AnOptionalFieldOfASchemaIsCheckedLikeAnyOther()
    {
        var schema = Obs.Api.CustomResources.StructuralSchema.Parse(
            System.Text.Json.Nodes.JsonNode.Parse("""{"type":"object","properties":{"a":{"type":"string"}}}"""), "", []);
        var variables = new Dictionary<string, Obs.Api.CustomResources.StructuralSchema?> { ["self"] = schema };
        Assert.Contains("undefined field 'b'", Assert.Throws<Obs.Api.Cel.CelSyntaxException>(() => Obs.Api.Cel.CelProgram.Compile("self.?b.hasValue()", variables)).Message);
        Obs.Api.Cel.CelProgram.Compile("self.?a.hasValue()", variables);
    }
}
