using System.Text.Json.Nodes;
using Obs.Controllers.Jobs;
using Obs.Controllers.Tests.Hosting;

namespace Obs.Controllers.Tests.Jobs;

public sealed class PodFailureBackoffTests
{
    [Fact]
    public void TheFirstFailureDelaysTheNextPodByTenSecondsFromWhenItFinished()
    {
        Assert.Equal(TimeSpan.Zero, PodFailureBackoff.Delay(0));
        Assert.Equal(TimeSpan.FromSeconds(7), PodFailureBackoff.Remaining(1, Stores.Now.AddSeconds(-3), Stores.Now));
        Assert.Equal(TimeSpan.Zero, PodFailureBackoff.Remaining(1, Stores.Now.AddSeconds(-11), Stores.Now));
    }

    [Fact]
    public void EachFurtherFailureDoublesTheWaitUpToSixMinutes()
    {
        Assert.Equal([10, 20, 40, 80, 160, 320, 360, 360], Enumerable.Range(1, 8).Select(n => PodFailureBackoff.Delay(n).TotalSeconds));
        Assert.Equal(PodFailureBackoff.Max, PodFailureBackoff.Delay(1000));
    }

    private static JsonObject Pod(params (string Container, int? FinishedSecondsAgo)[] containers)
    {
        var pod = Stores.Pod("p", "job-uid", age: 100);
        pod["status"] = new JsonObject
        {
            ["phase"] = "Failed",
            ["containerStatuses"] = new JsonArray(containers.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Container,
                ["state"] = c.FinishedSecondsAgo is { } ago
                    ? new JsonObject { ["terminated"] = new JsonObject { ["finishedAt"] = Stores.At(ago) } }
                    : new JsonObject { ["running"] = new JsonObject() },
            }).ToArray()),
        };
        return pod;
    }

    [Fact]
    public void APodFinishedWhenItsLastContainerDid() =>
        Assert.Equal(Stores.Now.AddSeconds(-20), PodFailureBackoff.FinishedAt(Pod(("a", 50), ("b", 20))));

    [Fact]
    public void APodThatStoppedBeingReadyFinishedThen()
    {
        var pod = Pod(("a", 20));
        pod["status"]!["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "False", ["lastTransitionTime"] = Stores.At(15) });
        Assert.Equal(Stores.Now.AddSeconds(-15), PodFailureBackoff.FinishedAt(pod));
    }

    [Fact]
    public void ASidecarThatOutlivedTheContainersFinishedThePod()
    {
        var pod = Pod(("a", 20));
        pod["spec"]!["initContainers"] = new JsonArray(
            new JsonObject { ["name"] = "proxy", ["restartPolicy"] = "Always" },
            new JsonObject { ["name"] = "setup" });
        pod["status"]!["initContainerStatuses"] = new JsonArray(
            new JsonObject { ["name"] = "proxy", ["state"] = new JsonObject { ["terminated"] = new JsonObject { ["finishedAt"] = Stores.At(12) } } },
            new JsonObject { ["name"] = "setup", ["state"] = new JsonObject { ["terminated"] = new JsonObject { ["finishedAt"] = Stores.At(5) } } });
        Assert.Equal(Stores.Now.AddSeconds(-12), PodFailureBackoff.FinishedAt(pod));
    }

    [Fact]
    public void ADeletedPodWithAContainerStillRunningFinishedWhenItWasAskedToStop()
    {
        var pod = Pod(("a", 50), ("b", null));
        pod["metadata"]!["deletionTimestamp"] = Stores.At(-25);
        pod["metadata"]!["deletionGracePeriodSeconds"] = 30;
        Assert.Equal(Stores.Now.AddSeconds(-5), PodFailureBackoff.FinishedAt(pod));
    }

    [Fact]
    public void APodWithoutTimesFinishedWhenItWasCreated()
    {
        var pod = Stores.Pod("a", "job-uid", age: 30);
        pod["status"] = new JsonObject { ["phase"] = "Failed" };
        Assert.Equal(Stores.Now.AddSeconds(-30), PodFailureBackoff.FinishedAt(pod));
    }
}
