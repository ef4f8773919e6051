using Obs.Api.Apply;

namespace Obs.Api.Tests.Apply;

public sealed class FieldSetTests
{
    private const string Example =
        """{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{".":{},"f:image":{}}}}}""";

    [Fact]
    public void FieldsV1RoundTrips()
    {
        var set = FieldSet.FromFieldsV1(Json.Obj(Example));

        Json.Equal(Example, set.ToFieldsV1());
    }

    [Fact]
    public void LeavesAndDotsAreMembersInnerNodesAreNot()
    {
        var set = FieldSet.FromFieldsV1(Json.Obj(Example));

        Assert.True(set.Has("f:metadata", "f:labels", "f:app"));
        Assert.False(set.Has("f:metadata", "f:labels"));
        Assert.True(set.Has("f:spec", "f:containers", """k:{"name":"nginx"}"""));
        Assert.True(set.Has("f:spec", "f:containers", """k:{"name":"nginx"}""", "f:image"));
        Assert.False(set.Has("f:spec"));
    }

    [Fact]
    public void PathsListMembersOfALevelBeforeTheLevelsBelow()
    {
        var set = FieldSet.FromFieldsV1(Json.Obj(
            """{"f:spec":{"f:template":{"f:x":{}},"f:replicas":{},"f:paused":{}},"f:metadata":{"f:labels":{"f:app":{}}}}"""));

        Assert.Equal([".metadata.labels.app", ".spec.paused", ".spec.replicas", ".spec.template.x"], set.DisplayPaths());
    }

    [Fact]
    public void UnionDifferenceAndIntersectionWorkPathByPath()
    {
        var a = FieldSet.FromFieldsV1(Json.Obj("""{"f:spec":{"f:replicas":{},"f:paused":{}}}"""));
        var b = FieldSet.FromFieldsV1(Json.Obj("""{"f:spec":{"f:replicas":{},"f:selector":{}}}"""));

        Json.Equal("""{"f:spec":{"f:paused":{},"f:replicas":{},"f:selector":{}}}""", a.Union(b).ToFieldsV1());
        Json.Equal("""{"f:spec":{"f:paused":{}}}""", a.Difference(b).ToFieldsV1());
        Json.Equal("""{"f:spec":{"f:replicas":{}}}""", a.Intersection(b).ToFieldsV1());
        Assert.True(a.Difference(a).IsEmpty);
    }

    [Fact]
    public void DifferenceOfANodeKeepsItsChildren()
    {
        var element = FieldSet.FromFieldsV1(Json.Obj("""{"f:containers":{"k:{\"name\":\"a\"}":{".":{},"f:image":{}}}}"""));
        var justTheElement = FieldSet.Of(["f:containers", """k:{"name":"a"}"""]);

        Json.Equal("""{"f:containers":{"k:{\"name\":\"a\"}":{"f:image":{}}}}""", element.Difference(justTheElement).ToFieldsV1());
    }

    [Fact]
    public void ParsingCanonicalisesKeysSoEqualElementsMatch()
    {
        var stored = FieldSet.FromFieldsV1(Json.Obj("""{"f:ports":{"k:{\"protocol\":\"TCP\",\"containerPort\":80}":{}}}"""));

        Assert.True(stored.Has("f:ports", """k:{"containerPort":80,"protocol":"TCP"}"""));
    }

    [Fact]
    public void MalformedFieldsV1IsRejected()
    {
        Assert.Throws<FormatException>(() => FieldSet.FromFieldsV1(Json.Obj("""{"spec":{}}""")));
        Assert.Throws<FormatException>(() => FieldSet.FromFieldsV1(Json.Obj("""{"f:spec":1}""")));
    }
}
