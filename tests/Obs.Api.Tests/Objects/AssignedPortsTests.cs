using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Api.Tests.Objects;

public sealed class AssignedPortsTests
{
    private static JsonObject Pod(string? annotation) => new()
    {
        ["metadata"] = annotation is null ? new JsonObject() : new JsonObject { ["annotations"] = new JsonObject { [AssignedPorts.Annotation] = annotation } },
    };

    [Fact]
    public void OnlyMovedPortsAreWrittenInAStableOrder()
    {
        Assert.Null(AssignedPorts.Format([("main", 8000, 8000)]));
        Assert.Equal("""{"main":{"80":31000,"8000":41234},"side":{"9090":41235}}""",
            AssignedPorts.Format([("side", 9090, 41235), ("main", 8000, 41234), ("main", 9000, 9000), ("main", 80, 31000)]));
    }

    [Fact]
    public void APortIsResolvedThroughAnyContainersMove()
    {
        var pod = Pod(AssignedPorts.Format([("main", 8000, 41234), ("side", 9090, 41235)]));
        Assert.Equal(41234, AssignedPorts.Resolve(pod, 8000));
        Assert.Equal(41235, AssignedPorts.Resolve(pod, 9090));
        Assert.Equal(7000, AssignedPorts.Resolve(pod, 7000));
        Assert.Equal(8000, AssignedPorts.Resolve(Pod(null), 8000));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"main":{"8000":"x"},"side":[1]}""")]
    [InlineData("""{"main":{"8000":70000}}""")]
    [InlineData("[1,2]")]
    public void AnAnnotationThatDoesNotParseMovesNothing(string annotation) =>
        Assert.Equal(8000, AssignedPorts.Resolve(Pod(annotation), 8000));
}
