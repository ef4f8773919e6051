using System.Text.Json.Nodes;
using Obs.Api.CustomResources;
using Obs.Api.Errors;

namespace Obs.Api.Tests.CustomResources;

public sealed class SchemaValidationTests
{
    private static readonly StructuralSchema Schema = StructuralSchema.Parse(JsonNode.Parse("""
        {"type":"object","required":["spec"],"properties":{"spec":{"type":"object","properties":{
          "replicas":{"type":"integer","minimum":0,"exclusiveMaximum":true,"maximum":5},
          "ratio":{"type":"number","nullable":true},
          "port":{"x-kubernetes-int-or-string":true},
          "mode":{"type":"string","enum":["a","b"],"minLength":1},
          "items":{"type":"array","minItems":1,"items":{"type":"object","required":["name"],"properties":{"name":{"type":"string"}}}},
          "labels":{"type":"object","additionalProperties":{"type":"string","maxLength":3}},
          "set":{"type":"array","x-kubernetes-list-type":"set","items":{"type":"string"}}}}}}
        """), "", new List<FieldError>());

    private static List<string> Errors(string spec) =>
        SchemaValidation.Validate(Schema, JsonNode.Parse($$"""{"apiVersion":"x/v1","kind":"X","metadata":{"name":"n"},"spec":{{spec}}}""")!.AsObject())
            .Select(e => e.Message).ToList();

    [Fact]
    public void AValidObjectHasNoErrors()
    {
        Assert.Empty(Errors("""{"replicas":4,"ratio":null,"port":"http","mode":"a","items":[{"name":"x"}],"labels":{"k":"abc"},"set":["a","b"]}"""));
        Assert.Empty(Errors("""{"port":8080}"""));
    }

    [Fact]
    public void EachBrokenRuleIsAnErrorAtItsPath()
    {
        Assert.Equal(
            ["spec.replicas: Invalid value: 5: spec.replicas in body should be less than 5",
             "spec.port: Invalid value: \"boolean\": spec.port in body must be of type integer or string: \"boolean\"",
             "spec.mode: Unsupported value: \"c\": supported values: \"a\", \"b\"",
             "spec.items: Invalid value: 0: should have at least 1 items",
             "spec.labels[k]: Too long: must have at most 3 bytes",
             "spec.set[1]: Duplicate value: \"a\""],
            Errors("""{"replicas":5,"port":true,"mode":"c","items":[],"labels":{"k":"abcd"},"set":["a","a"]}"""));
    }

    [Fact]
    public void RequiredFieldsAreRequiredAtEveryLevel()
    {
        Assert.Equal(["spec.items[0].name: Required value"], Errors("""{"items":[{}]}"""));
        var missing = SchemaValidation.Validate(Schema, JsonNode.Parse("""{"apiVersion":"x/v1","kind":"X"}""")!.AsObject());
        Assert.Equal(["spec: Required value"], missing.Select(e => e.Message));
    }

    [Fact]
    public void ANullIsAllowedOnlyWhereTheSchemaIsNullable()
    {
        Assert.Equal(["spec.replicas: Invalid value: \"null\": spec.replicas in body must be of type integer: \"null\""], Errors("""{"replicas":null}"""));
    }
}
