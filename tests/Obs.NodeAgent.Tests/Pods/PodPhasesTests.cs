using System.Text.Json.Nodes;
using Obs.NodeAgent.Pods;
using Obs.NodeAgent.Restarts;

namespace Obs.NodeAgent.Tests.Pods;

public sealed class PodPhasesTests
{
    private static JsonObject Running() => (JsonObject)JsonNode.Parse("""{"state":{"running":{}}}""")!;
    private static JsonObject Exited(int code) => (JsonObject)JsonNode.Parse($$"""{"state":{"terminated":{"exitCode":{{code}}} } }""")!;
    private static JsonObject Waiting() => (JsonObject)JsonNode.Parse("""{"state":{"waiting":{"reason":"ContainerCreating"}}}""")!;
    private static JsonObject CrashLoop(int code) => (JsonObject)JsonNode.Parse($$"""{"state":{"waiting":{"reason":"CrashLoopBackOff"} },"lastState":{"terminated":{"exitCode":{{code}}} } }""")!;

    [Fact]
    public void PendingWhileAnInitContainerHasNotSucceeded() =>
        Assert.Equal("Pending", PodPhases.Compute([Exited(0), Running()], 2, [Waiting()], 1, RestartPolicy.Always));

    [Fact]
    public void FailedInitContainerFailsThePodOnlyUnderNever()
    {
        Assert.Equal("Failed", PodPhases.Compute([Exited(1)], 1, [Waiting()], 1, RestartPolicy.Never));
        Assert.Equal("Pending", PodPhases.Compute([CrashLoop(1)], 1, [Waiting()], 1, RestartPolicy.OnFailure));
    }

    [Fact]
    public void RunningWhileAnyContainerRuns() =>
        Assert.Equal("Running", PodPhases.Compute([], 0, [Running(), Exited(1)], 2, RestartPolicy.Never));

    [Fact]
    public void WaitingForTheFirstRunIsPending() =>
        Assert.Equal("Pending", PodPhases.Compute([], 0, [Running(), Waiting()], 2, RestartPolicy.Always));

    [Fact]
    public void CrashLoopingContainerCountsAsStoppedSoThePodRuns() =>
        Assert.Equal("Running", PodPhases.Compute([], 0, [CrashLoop(2)], 1, RestartPolicy.Always));

    [Theory]
    [InlineData(RestartPolicy.Always, 0, 0, "Running")]
    [InlineData(RestartPolicy.Never, 0, 0, "Succeeded")]
    [InlineData(RestartPolicy.Never, 0, 1, "Failed")]
    [InlineData(RestartPolicy.OnFailure, 0, 0, "Succeeded")]
    [InlineData(RestartPolicy.OnFailure, 0, 1, "Running")]
    public void AllStoppedFollowsTheRestartPolicy(RestartPolicy policy, int first, int second, string phase) =>
        Assert.Equal(phase, PodPhases.Compute([], 0, [Exited(first), Exited(second)], 2, policy));

    [Fact]
    public void MissingStatusIsPending() =>
        Assert.Equal("Pending", PodPhases.Compute([], 0, [Exited(0)], 2, RestartPolicy.Never));
}
