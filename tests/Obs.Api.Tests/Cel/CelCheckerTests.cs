using System.Text.Json.Nodes;
using Obs.Api.Cel;
using Obs.Api.CustomResources;
using Obs.Api.Errors;

namespace Obs.Api.Tests.Cel;

public sealed class CelCheckerTests
{
    private static readonly StructuralSchema Spec = StructuralSchema.Parse(JsonNode.Parse("""
        {"type":"object","properties":{"replicas":{"type":"integer"},"name":{"type":"string"},
          "ports":{"type":"array","items":{"type":"object","properties":{"port":{"type":"integer"}}}},
          "labels":{"type":"object","additionalProperties":{"type":"string"}},
          "free":{"type":"object","x-kubernetes-preserve-unknown-fields":true},
          "x-dashed":{"type":"string"}}}
        """), "", new List<FieldError>());

    private static string Refused(string expr) =>
        Assert.Throws<CelSyntaxException>(() => CelProgram.Compile(expr, new Dictionary<string, StructuralSchema?> { ["self"] = Spec })).Message;

    private static void Accepted(string expr) => CelProgram.Compile(expr, new Dictionary<string, StructuralSchema?> { ["self"] = Spec });

    [Theory]
    [InlineData("self.replicas > 0")]
    [InlineData("self.ports.all(p, p.port > 0)")]
    [InlineData("self.labels.foo == 'x'")]
    [InlineData("self.free.anything.deeper == 1")]
    [InlineData("self.x__dash__dashed == 'x'")]
    [InlineData("self.metadata.name == 'x'")]
    [InlineData("has(self.name)")]
    public void DeclaredFieldsAndFunctionsCompile(string expr) => Accepted(expr);

    [Theory]
    [InlineData("self.replica > 0", "ERROR: <input>:1:5: undefined field 'replica'")]
    [InlineData("self.ports.all(p, p.prt > 0)", "undefined field 'prt'")]
    [InlineData("self.name.first == 'a'", "type 'string' does not support field selection")]
    [InlineData("other == 1", "undeclared reference to 'other' (in container '')")]
    [InlineData("self.name.frobnicate()", "undeclared reference to 'frobnicate' (in container '')")]
    [InlineData("frob(self)", "undeclared reference to 'frob' (in container '')")]
    [InlineData("self.replicas + 1", "expression must evaluate to a bool")]
    [InlineData("'x'", "expression must evaluate to a bool")]
    public void WhatTheCheckerWouldRefuseIsRefusedWithWhere(string expr, string expected) => Assert.Contains(expected, Refused(expr));

    [Fact]
    public void TheProgramKnowsWhichVariablesItReads()
    {
        var variables = new Dictionary<string, StructuralSchema?> { ["self"] = Spec, ["oldSelf"] = Spec };
        Assert.True(CelProgram.Compile("self.replicas == oldSelf.replicas", variables).References("oldSelf"));
        Assert.False(CelProgram.Compile("self.replicas >= 0", variables).References("oldSelf"));
    }

    [Fact]
    public void NamedVariablesServeOtherCallersAsWebhookMatchConditions()
    {
        var program = CelProgram.Compile("object.metadata.name.startsWith('keep-') && request.operation == 'CREATE'", CelProgram.Untyped("object", "oldObject", "request"));
        var matches = program.EvaluateBool(new Dictionary<string, JsonNode?>
        {
            ["object"] = JsonNode.Parse("""{"metadata":{"name":"keep-me"}}"""),
            ["oldObject"] = null,
            ["request"] = JsonNode.Parse("""{"operation":"CREATE"}"""),
        });
        Assert.True(matches);
    }
}
