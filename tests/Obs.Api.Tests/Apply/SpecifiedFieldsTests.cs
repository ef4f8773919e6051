using Obs.Api.Apply;

namespace Obs.Api.Tests.Apply;

public sealed class SpecifiedFieldsTests
{
    [Fact]
    public void ApplyConfigurationOwnsLeavesElementsAndAtomicValues()
    {
        var config = Json.Obj("""
            {"metadata":{"name":"web","labels":{"app":"web"},"finalizers":["a/b"]},
             "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
               "template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.26","args":["-g","x"],"ports":[{"containerPort":80}]}]}}}}
            """);

        var fields = SpecifiedFields.Of(config, DeploymentSchema.Root);

        Json.Equal("""
            {"f:metadata":{"f:finalizers":{"v:\"a/b\"":{}},"f:labels":{"f:app":{}},"f:name":{}},
             "f:spec":{"f:replicas":{},"f:selector":{},
               "f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{".":{},"f:args":{},"f:image":{},"f:name":{},
                 "f:ports":{"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}}}}}}}}}
            """, fields.ToFieldsV1());
    }

    [Fact]
    public void EmptyObjectsAndNullsAreLeaves()
    {
        var fields = SpecifiedFields.Of(Json.Obj("""{"spec":{"template":{},"paused":null}}"""), DeploymentSchema.Root);

        Json.Equal("""{"f:spec":{"f:paused":{},"f:template":{}}}""", fields.ToFieldsV1());
    }

    [Fact]
    public void WithoutSchemaObjectsMergeAndListsAreAtomic()
    {
        var fields = SpecifiedFields.Of(Json.Obj("""{"spec":{"size":1,"items":[{"a":1}]}}"""), null);

        Json.Equal("""{"f:spec":{"f:items":{},"f:size":{}}}""", fields.ToFieldsV1());
    }
}
