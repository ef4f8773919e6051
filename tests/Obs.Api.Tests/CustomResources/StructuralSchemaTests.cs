using System.Text.Json.Nodes;
using Obs.Api.CustomResources;
using Obs.Api.Errors;

namespace Obs.Api.Tests.CustomResources;

public sealed class StructuralSchemaTests
{
    private static List<string> Problems(string schema)
    {
        var errors = new List<FieldError>();
        StructuralSchema.Parse(JsonNode.Parse(schema), "schema", errors);
        return errors.Select(e => e.Message).ToList();
    }

    [Fact]
    public void AStructuralSchemaHasNoProblems()
    {
        Assert.Empty(Problems("""
            {"type":"object","properties":{"spec":{"type":"object","properties":{
              "n":{"type":"integer","minimum":0},"port":{"x-kubernetes-int-or-string":true},
              "any":{"x-kubernetes-preserve-unknown-fields":true},
              "list":{"type":"array","items":{"type":"string"},"x-kubernetes-list-type":"set"},
              "labels":{"type":"object","additionalProperties":{"type":"string"}}}}}}
            """));
    }

    [Fact]
    public void EveryStructuralProblemIsReportedWithItsPath()
    {
        Assert.Equal(
            ["schema.properties[a].type: Required value: must not be empty for specified object fields",
             "schema.properties[b].type: Unsupported value: \"text\": supported values: \"array\", \"boolean\", \"integer\", \"number\", \"object\", \"string\"",
             "schema.properties[c].items: Required value: must be specified",
             "schema.properties[d].pattern: Invalid value: \"[\": must be a valid regular expression, but isn't: Invalid pattern '[' at offset 1. Unterminated [] set.",
             "schema.properties[e].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive"],
            Problems("""
                {"type":"object","properties":{
                  "a":{"minimum":1},
                  "b":{"type":"text"},
                  "c":{"type":"array"},
                  "d":{"type":"string","pattern":"["},
                  "e":{"type":"object","properties":{"x":{"type":"string"}},"additionalProperties":{"type":"string"}}}}
                """));
    }

    [Fact]
    public void TheRootMustBeAnObject()
    {
        Assert.Equal(["schema.type: Invalid value: \"string\": must be object at the root"], Problems("""{"type":"string"}"""));
    }
}
