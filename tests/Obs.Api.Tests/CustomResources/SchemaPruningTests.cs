using System.Text.Json.Nodes;
using Obs.Api.CustomResources;
using Obs.Api.Errors;

namespace Obs.Api.Tests.CustomResources;

public sealed class SchemaPruningTests
{
    private static readonly StructuralSchema Schema = StructuralSchema.Parse(JsonNode.Parse("""
        {"type":"object","properties":{"spec":{"type":"object","properties":{
          "size":{"type":"integer","default":1},
          "free":{"type":"object","x-kubernetes-preserve-unknown-fields":true,"properties":{"known":{"type":"object","properties":{"a":{"type":"string"}}}}},
          "map":{"type":"object","additionalProperties":{"type":"object","properties":{"v":{"type":"string","default":"d"}}}},
          "list":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"}}}},
          "pod":{"type":"object","x-kubernetes-embedded-resource":true,"properties":{"spec":{"type":"object"}}}}}}}
        """), "", new List<FieldError>());

    [Fact]
    public void UnknownFieldsArePrunedAndTheirPathsReturned()
    {
        var obj = JsonNode.Parse("""
            {"apiVersion":"x/v1","kind":"X","metadata":{"name":"n"},"top":1,
             "spec":{"size":2,"gone":true,"free":{"kept":1,"known":{"a":"x","dropped":1}},
                     "map":{"k":{"v":"x","w":1}},"list":[{"name":"a","extra":1}],
                     "pod":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{},"junk":1}}}
            """)!.AsObject();
        var pruned = SchemaPruning.Prune(Schema, obj);
        Assert.Equal(["top", "spec.gone", "spec.free.known.dropped", "spec.map[k].w", "spec.list[0].extra", "spec.pod.junk"], pruned);
        Assert.Equal(
            """{"apiVersion":"x/v1","kind":"X","metadata":{"name":"n"},"spec":{"size":2,"free":{"kept":1,"known":{"a":"x"}},"map":{"k":{"v":"x"}},"list":[{"name":"a"}],"pod":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{}}}}""",
            obj.ToJsonString());
    }

    [Fact]
    public void DefaultsFillMissingPropertiesOfPresentObjects()
    {
        var obj = JsonNode.Parse("""{"spec":{"map":{"k":{}}}}""")!.AsObject();
        SchemaDefaults.Apply(Schema, obj);
        Assert.Equal("""{"spec":{"map":{"k":{"v":"d"}},"size":1}}""", obj.ToJsonString());
        var empty = JsonNode.Parse("""{"metadata":{}}""")!.AsObject();
        SchemaDefaults.Apply(Schema, empty);
        Assert.Equal("""{"metadata":{}}""", empty.ToJsonString());
    }
}
