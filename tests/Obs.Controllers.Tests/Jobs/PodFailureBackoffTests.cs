using System.Text.Json.Nodes;
using Obs.Controllers.Jobs;
using Obs.Controllers.Tests.Hosting;

namespace Obs.Controllers.Tests.Jobs;

public sealed class PodFailureBackoffTests
{
    private static JsonObject Finished(string phase, int secondsAgo)
    {
        var pod = Stores.Pod("p", "job-uid", age: secondsAgo + 30);
        pod["status"] = new JsonObject
        {
            ["phase"] = phase,
            ["containerStatuses"] = new JsonArray(new JsonObject { ["name"] = "c", ["state"] = new JsonObject { ["terminated"] = new JsonObject { ["finishedAt"] = Stores.At(secondsAgo) } } }),
        };
        return pod;
    }

    [Fact]
    public void TheFirstFailureIsReplacedAtOnce() =>
        Assert.Equal(TimeSpan.Zero, PodFailureBackoff.Remaining([Finished("Failed", 0)], Stores.Now));

    [Fact]
    public void EachFurtherFailureDoublesTheWaitFromTheLatestOne()
    {
        Assert.Equal(TimeSpan.FromSeconds(7), PodFailureBackoff.Remaining([Finished("Failed", 60), Finished("Failed", 3)], Stores.Now));
        Assert.Equal(TimeSpan.FromSeconds(17), PodFailureBackoff.Remaining([Finished("Failed", 90), Finished("Failed", 60), Finished("Failed", 3)], Stores.Now));
        Assert.Equal(TimeSpan.FromSeconds(37), PodFailureBackoff.Remaining([Finished("Failed", 99), Finished("Failed", 90), Finished("Failed", 60), Finished("Failed", 3)], Stores.Now));
    }

    [Fact]
    public void TheWaitStopsGrowingAtSixMinutes()
    {
        var failures = Enumerable.Range(0, 12).Select(i => Finished("Failed", i)).ToArray();
        Assert.Equal(PodFailureBackoff.Max, PodFailureBackoff.Remaining(failures, Stores.Now));
    }

    [Fact]
    public void FailuresBeforeTheLastSuccessDoNotCount() =>
        Assert.Equal(TimeSpan.Zero, PodFailureBackoff.Remaining([Finished("Failed", 60), Finished("Failed", 50), Finished("Succeeded", 40), Finished("Failed", 1)], Stores.Now));

    [Fact]
    public void APodWithoutTimesCountsFromItsCreation()
    {
        var a = Stores.Pod("a", "job-uid", age: 30);
        var b = Stores.Pod("b", "job-uid", age: 5);
        a["status"] = new JsonObject { ["phase"] = "Failed" };
        b["status"] = new JsonObject { ["phase"] = "Failed" };
        Assert.Equal(TimeSpan.FromSeconds(5), PodFailureBackoff.Remaining([a, b], Stores.Now));
    }
}
