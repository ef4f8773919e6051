using System.Text.Json.Nodes;
using Obs.Api.Schema;

namespace Obs.Api.Tests.Schema;

public sealed class OpenApiV2ConversionTests
{
    private static JsonObject Convert(string v3) => OpenApiV2Conversion.Schema(JsonNode.Parse(v3)!.AsObject());

    [Fact]
    public void AReferenceWrappedInAllOfBecomesAPlainDefinitionsReference()
    {
        var v2 = Convert("""{"properties":{"metadata":{"description":"m","allOf":[{"$ref":"#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"}]}}}""");
        var metadata = v2["properties"]!["metadata"]!;
        Assert.Equal("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", metadata["$ref"]!.GetValue<string>());
        Assert.Null(metadata["allOf"]);
        Assert.Equal("m", metadata["description"]!.GetValue<string>());
    }

    [Fact]
    public void WhatV2CannotSayIsDroppedAtEveryDepth()
    {
        var v2 = Convert("""
            {"type":"object","properties":{"spec":{"type":"object","properties":{
              "maybe":{"type":"string","nullable":true},
              "either":{"type":"object","oneOf":[{"required":["a"]}],"anyOf":[{"required":["b"]}],"not":{"required":["c"]}},
              "list":{"type":"array","items":{"type":"integer","nullable":true,"x-kubernetes-validations":[{"rule":"self > 0"}]}}}}}}
            """);
        var spec = v2["properties"]!["spec"]!["properties"]!;
        Assert.Equal("""{}""", spec["maybe"]!.ToJsonString());
        Assert.Equal("""{"type":"object"}""", spec["either"]!.ToJsonString());
        Assert.Equal("""{"type":"array","items":{}}""", spec["list"]!.ToJsonString());
    }

    [Fact]
    public void TheInputIsLeftAsItWas()
    {
        var v3 = JsonNode.Parse("""{"type":"string","nullable":true}""")!.AsObject();
        OpenApiV2Conversion.Schema(v3);
        Assert.Equal("""{"type":"string","nullable":true}""", v3.ToJsonString());
    }
}
