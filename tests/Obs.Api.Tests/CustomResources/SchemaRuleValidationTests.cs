using System.Text.Json.Nodes;
using Obs.Api.CustomResources;
using Obs.Api.Errors;

namespace Obs.Api.Tests.CustomResources;

public sealed class SchemaRuleValidationTests
{
    private const string SchemaText = """
        {"type":"object","x-kubernetes-validations":[{"rule":"self.metadata.name.startsWith('w')","message":"name must start with w"}],
         "properties":{"spec":{"type":"object",
          "x-kubernetes-validations":[
            {"rule":"self.min <= self.max","message":"min must not exceed max","fieldPath":".min"},
            {"rule":"self.min >= 0","messageExpression":"'min is ' + string(self.min) + ', below zero'","reason":"FieldValueForbidden"},
            {"rule":"!has(self.mode) || self.mode != 'legacy'","reason":"FieldValueRequired"}],
          "properties":{
            "min":{"type":"integer"},"max":{"type":"integer"},"mode":{"type":"string"},
            "name":{"type":"string","x-kubernetes-validations":[{"rule":"self == oldSelf","message":"name is immutable"}]},
            "ports":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],"items":{"type":"object",
              "x-kubernetes-validations":[{"rule":"self.port == oldSelf.port","message":"a port's number is immutable"}],
              "properties":{"name":{"type":"string"},"port":{"type":"integer"}}}},
            "labels":{"type":"object","additionalProperties":{"type":"string","x-kubernetes-validations":[{"rule":"self.size() <= 5"}]}}}}}}
        """;

    private static StructuralSchema Schema()
    {
        var errors = new List<FieldError>();
        var schema = StructuralSchema.Parse(JsonNode.Parse(SchemaText), "", errors);
        Assert.Empty(errors);
        return schema;
    }

    private static JsonObject Widget(string spec, string name = "w1") =>
        JsonNode.Parse($$"""{"apiVersion":"x/v1","kind":"W","metadata":{"name":"{{name}}"},"spec":{{spec}}}""")!.AsObject();

    private static List<string> Errors(string spec, string? oldSpec = null, string name = "w1") =>
        SchemaRuleValidation.Validate(Schema(), Widget(spec, name), oldSpec is null ? null : Widget(oldSpec, name)).Select(e => e.Message).ToList();

    [Fact]
    public void AnObjectThatKeepsEveryRuleHasNoErrors() => Assert.Empty(Errors("""{"min":1,"max":2,"labels":{"a":"abc"}}"""));

    [Fact]
    public void AFailedRuleIsReportedAtItsNodeOrFieldPathInKubernetesWords()
    {
        Assert.Equal(["spec.min: Invalid value: \"object\": min must not exceed max"], Errors("""{"min":3,"max":2}"""));
        Assert.Equal(["<nil>: Invalid value: \"object\": name must start with w"], Errors("""{"min":1,"max":2}""", name: "x1"));
        Assert.Equal(["spec.labels[a]: Invalid value: \"string\": failed rule: self.size() <= 5"], Errors("""{"min":1,"max":2,"labels":{"a":"abcdef"}}"""));
    }

    [Fact]
    public void ReasonAndMessageExpressionShapeTheError()
    {
        var errors = SchemaRuleValidation.Validate(Schema(), Widget("""{"min":-1,"max":2,"mode":"legacy"}"""), null);
        Assert.Contains(errors, e => e.Type == FieldErrorType.Forbidden && e.Message == "spec: Forbidden: min is -1, below zero");
        Assert.Contains(errors, e => e.Type == FieldErrorType.Required && e.Message == "spec: Required value: failed rule: !has(self.mode) || self.mode != 'legacy'");
    }

    [Fact]
    public void AnEvaluationErrorSaysWhatAndWhichRule() =>
        Assert.Equal(["spec: Invalid value: \"object\": no such key: max evaluating rule: min must not exceed max"], Errors("""{"min":1}"""));

    [Fact]
    public void TransitionRulesRunOnlyOnUpdatesWithAnOldValue()
    {
        Assert.Empty(Errors("""{"min":1,"max":2,"name":"a"}"""));
        Assert.Empty(Errors("""{"min":1,"max":2,"name":"a"}""", """{"min":1,"max":2}"""));
        Assert.Equal(["spec.name: Invalid value: \"string\": name is immutable"], Errors("""{"min":1,"max":2,"name":"b"}""", """{"min":1,"max":2,"name":"a"}"""));
    }

    [Fact]
    public void MapListItemsAreMatchedToTheirOldSelvesByKey()
    {
        const string old = """{"min":1,"max":2,"ports":[{"name":"http","port":80},{"name":"https","port":443}]}""";
        Assert.Empty(Errors("""{"min":1,"max":2,"ports":[{"name":"https","port":443},{"name":"http","port":80},{"name":"new","port":1}]}""", old));
        Assert.Equal(["spec.ports[1]: Invalid value: \"object\": a port's number is immutable"],
            Errors("""{"min":1,"max":2,"ports":[{"name":"http","port":80},{"name":"https","port":8443}]}""", old));
    }

    [Fact]
    public void AnUnchangedValueIsNotHeldToARuleItBreaksAsKubernetesRatchets()
    {
        const string old = """{"min":1,"max":2,"labels":{"a":"abcdef"}}""";
        Assert.Empty(Errors("""{"min":1,"max":2,"labels":{"a":"abcdef","b":"x"}}""", old));
        Assert.NotEmpty(Errors("""{"min":1,"max":2,"labels":{"a":"abcdefg"}}""", old));
    }

    [Theory]
    [InlineData("""[{"rule":"self.nope > 0"}]""", "x-kubernetes-validations[0].rule: Invalid value: apiextensions.ValidationRule{Rule:\"self.nope > 0\", Message:\"\", MessageExpression:\"\", Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:\"\", OptionalOldSelf:(*bool)(nil)}: compilation failed: ERROR: <input>:1:5: undefined field 'nope'")]
    [InlineData("""[{"rule":"self.a >"}]""", "x-kubernetes-validations[0].rule: Invalid value: apiextensions.ValidationRule{Rule:\"self.a >\"")]
    [InlineData("""[{"rule":""}]""", "x-kubernetes-validations[0].rule: Required value: rule is not specified")]
    [InlineData("""[{"rule":"true","reason":"Nope"}]""", "x-kubernetes-validations[0].reason: Unsupported value: \"Nope\"")]
    [InlineData("""[{"rule":"true","fieldPath":".missing"}]""", "x-kubernetes-validations[0].fieldPath: Invalid value: \".missing\": fieldPath must be a valid path")]
    [InlineData("""[{"rule":"true","messageExpression":"self.a +"}]""", "x-kubernetes-validations[0].messageExpression: Invalid value: \"self.a +\": messageExpression compilation failed")]
    public void ABadRuleMakesTheSchemaInvalid(string rules, string expected)
    {
        var errors = new List<FieldError>();
        StructuralSchema.Parse(JsonNode.Parse($$$"""{"type":"object","properties":{"a":{"type":"integer"}},"x-kubernetes-validations":{{{rules}}}}"""), "", errors);
        Assert.Contains(errors, e => e.Message.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void OldSelfInsideAnAtomicListIsRefused()
    {
        var errors = new List<FieldError>();
        StructuralSchema.Parse(JsonNode.Parse("""
            {"type":"object","properties":{"l":{"type":"array","items":{"type":"string","x-kubernetes-validations":[{"rule":"self == oldSelf"}]}}}}
            """), "", errors);
        Assert.Contains(errors, e => e.Field == "properties[l].items.x-kubernetes-validations[0].rule" && e.Detail.Contains("oldSelf cannot be used"));
    }

    [Fact]
    public void AnOptionalOldSelfRuleRunsOnCreateWithNoOldValue()
    {
        var errors = new List<FieldError>();
        var schema = StructuralSchema.Parse(JsonNode.Parse("""
            {"type":"object","properties":{"spec":{"type":"object","properties":{"tier":{"type":"string",
              "x-kubernetes-validations":[{"rule":"oldSelf.hasValue() ? self == oldSelf.value() : self == 'basic'","optionalOldSelf":true,"message":"starts basic, then fixed"}]}}}}}
            """), "", errors);
        Assert.Empty(errors);
        JsonObject Obj(string tier) => Widget($$"""{"tier":"{{tier}}"}""");
        Assert.Empty(SchemaRuleValidation.Validate(schema, Obj("basic"), null));
        Assert.Equal(["spec.tier: Invalid value: \"string\": starts basic, then fixed"], SchemaRuleValidation.Validate(schema, Obj("gold"), null).Select(e => e.Message));
        Assert.Equal(["spec.tier: Invalid value: \"string\": starts basic, then fixed"], SchemaRuleValidation.Validate(schema, Obj("gold"), Obj("basic")).Select(e => e.Message));
    }

    [Fact]
    public void FormattedStringsAreTimesAndSetListsCompareWithoutOrder()
    {
        var errors = new List<FieldError>();
        var schema = StructuralSchema.Parse(JsonNode.Parse("""
            {"type":"object","properties":{"spec":{"type":"object",
              "x-kubernetes-validations":[{"rule":"self.notAfter - self.notBefore <= self.maxAge","message":"too long"}],
              "properties":{
                "notBefore":{"type":"string","format":"date-time"},"notAfter":{"type":"string","format":"date-time"},
                "maxAge":{"type":"string","format":"duration"},
                "zones":{"type":"array","x-kubernetes-list-type":"set","items":{"type":"string"},
                  "x-kubernetes-validations":[{"rule":"self == oldSelf","message":"zones are immutable"}]}}}}}
            """), "", errors);
        Assert.Empty(errors);
        JsonObject Obj(string notAfter, string zones) =>
            Widget($$"""{"notBefore":"2024-01-01T00:00:00Z","notAfter":"{{notAfter}}","maxAge":"24h","zones":{{zones}}}""");
        var old = Obj("2024-01-01T12:00:00Z", """["a","b"]""");
        Assert.Empty(SchemaRuleValidation.Validate(schema, Obj("2024-01-01T12:00:00Z", """["b","a"]"""), old));
        Assert.Equal(["spec: Invalid value: \"object\": too long", "spec.zones: Invalid value: \"array\": zones are immutable"],
            SchemaRuleValidation.Validate(schema, Obj("2024-01-03T00:00:00Z", """["a","c"]"""), old).Select(e => e.Message));
    }

    private static StructuralSchema RuleSchema(string rule)
    {
        var errors = new List<FieldError>();
        var rules = new JsonArray(new JsonObject { ["rule"] = rule });
        var text = """
            {"type":"object","properties":{"spec":{"type":"object","x-kubernetes-validations":RULES,
              "properties":{"a":{"type":"string"},"l":{"type":"array","items":{"type":"string"}}}}}}
            """.Replace("RULES", rules.ToJsonString(), StringComparison.Ordinal);
        var schema = StructuralSchema.Parse(JsonNode.Parse(text), "", errors);
        Assert.Empty(errors);
        return schema;
    }

    [Theory]
    [InlineData("isCIDR(self.a)")]
    [InlineData("!format.dns1123Label().validate(self.a).hasValue()")]
    [InlineData("self.?a.orValue('') == ''")]
    [InlineData("self.l.all(i, v, v != '')")]
    [InlineData("isSemver(self.a, true)")]
    public void KubernetesCelLibrariesAreEnforced(string rule)
    {
        var schema = RuleSchema(rule);
        Assert.Null(schema.Properties["spec"].Validations[0].Unsupported);
        Assert.Equal([$"spec: Invalid value: \"object\": failed rule: {rule}"],
            SchemaRuleValidation.Validate(schema, Widget("""{"a":"X_","l":[""]}"""), null).Select(e => e.Message));
    }

    [Theory]
    [InlineData("self.l.distinct() == self.l")]
    [InlineData("lists.range(2).size() == 2")]
    public void KubernetesCelThisEvaluatorLacksIsNeitherRefusedNorEnforced(string rule)
    {
        var schema = RuleSchema(rule);
        Assert.NotNull(schema.Properties["spec"].Validations[0].Unsupported);
        Assert.Empty(SchemaRuleValidation.Validate(schema, Widget("""{"a":"x","l":[""]}"""), null));
    }
}
