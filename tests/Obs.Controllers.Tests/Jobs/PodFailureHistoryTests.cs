using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Controllers.Jobs;
using Obs.Controllers.Tests.Hosting;

namespace Obs.Controllers.Tests.Jobs;

/// <summary>
/// The back-off after failed pods as a user sees it: no new pod before the delay after the latest
/// failure is over, whether the controller restarted meanwhile or the failed pod has gone.
/// </summary>
public sealed class PodFailureHistoryTests
{
    private readonly RecordingObjectControl _control = new();
    private readonly ManualTime _time = new();

    private static JsonObject Job(JsonObject? status = null)
    {
        var job = (JsonObject)JsonNode.Parse("""
            {
              "apiVersion": "batch/v1", "kind": "Job",
              "metadata": {"name": "pi", "namespace": "ns", "uid": "job-uid", "resourceVersion": "2"},
              "spec": {
                "completions": 1, "parallelism": 1, "backoffLimit": 6,
                "selector": {"matchLabels": {"job-name": "pi"} },
                "template": {"metadata": {"labels": {"job-name": "pi"} }, "spec": {"restartPolicy": "Never", "containers": [{"name": "c", "image": "perl"}]} }
              }
            }
            """)!;
        if (status is not null) job["status"] = status.DeepClone();
        return job;
    }

    /// <summary>A failed pod that finished <paramref name="secondsAgo"/> before <see cref="Stores.Now"/>.</summary>
    private static JsonObject Failed(string name, int secondsAgo, bool counted = false)
    {
        var pod = JobFixtures.Pod(name, "Failed", counted: counted);
        pod["metadata"]!["creationTimestamp"] = Stores.At(secondsAgo + 60);
        pod["status"]!["containerStatuses"] = new JsonArray(new JsonObject
        {
            ["name"] = "c", ["state"] = new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = 1, ["finishedAt"] = Stores.At(secondsAgo) } },
        });
        return pod;
    }

    private JobController Controller(JsonObject job, params JsonObject[] pods) =>
        new(Stores.New(job).Lister, Stores.New(pods).Lister, _control, NullLogger.Instance, _time);

    private int Created => _control.Of("create", ResourceTypes.Pod).Count();

    private async Task SyncAtAsync(JobController controller, int secondsAfterNow)
    {
        _time.Now = Stores.Now.AddSeconds(secondsAfterNow);
        await controller.SyncAsync("ns/pi", default);
    }

    [Fact]
    public async Task TheFirstFailureIsReplacedTenSecondsAfterItFinished()
    {
        var controller = Controller(Job(), Failed("a", 3));
        await SyncAtAsync(controller, 0);
        Assert.Equal(0, Created);
        await SyncAtAsync(controller, 8);
        Assert.Equal(1, Created);
    }

    [Fact]
    public async Task ARestartedControllerWaitsOutTheDelayOfTheFailuresItFinds()
    {
        var status = new JsonObject { ["failed"] = 2, ["uncountedTerminatedPods"] = new JsonObject() };
        JsonObject[] pods = [Failed("a", 40, counted: true), Failed("b", 5, counted: true)];
        // Two failures: 20 s after the later one, whichever controller instance looks.
        await SyncAtAsync(Controller(Job(status), pods), 0);
        await SyncAtAsync(Controller(Job(status), pods), 14);
        Assert.Equal(0, Created);
        await SyncAtAsync(Controller(Job(status), pods), 16);
        Assert.Equal(1, Created);
    }

    [Fact]
    public async Task APodDeletedBeforeItEndedDelaysItsReplacementEvenOnceItIsGone()
    {
        var deleted = JobFixtures.Pod("a", "Running", deleting: true);
        deleted["metadata"]!["deletionGracePeriodSeconds"] = 30;
        var (jobs, jobLister) = Stores.New(Job());
        var (pods, podLister) = Stores.New(deleted);
        var controller = new JobController(jobLister, podLister, _control, NullLogger.Instance, _time);
        await SyncAtAsync(controller, 0);
        Assert.Equal(1, _control.Of("status", ResourceTypes.Job).Last().LongAt("status", "failed"));

        // Lifted, it leaves the API; the controller still remembers the failure.
        jobs.Upsert(Job((JsonObject)_control.Of("status", ResourceTypes.Job).Last()["status"]!.DeepClone()));
        pods.Remove("ns/a");
        await SyncAtAsync(controller, 6);
        Assert.Equal(0, Created);
        await SyncAtAsync(controller, 11);
        Assert.Equal(1, Created);
    }

    [Fact]
    public void ASuccessAfterTheFailuresEndsTheWait()
    {
        var history = new PodFailureHistory();
        history.Observe("ns/pi", [("a", true, Stores.Now.AddSeconds(-9)), ("b", true, Stores.Now.AddSeconds(-2))]);
        Assert.Equal(TimeSpan.FromSeconds(18), history.Remaining("ns/pi", Stores.Now));
        history.Observe("ns/pi", [("c", false, Stores.Now.AddSeconds(-1))]);
        Assert.Equal(TimeSpan.Zero, history.Remaining("ns/pi", Stores.Now));
        // One failure after it counts from one again.
        history.Observe("ns/pi", [("d", true, Stores.Now)]);
        Assert.Equal(TimeSpan.FromSeconds(10), history.Remaining("ns/pi", Stores.Now));
    }

    [Fact]
    public async Task APodTheJobStoppedItselfIsNoFailureHowEverItEnds()
    {
        // Lifted and then deleted as one too many (or on suspend), it was killed on its way out.
        var stopped = Failed("a", 1, counted: true);
        stopped["metadata"]!["deletionTimestamp"] = Stores.At(-29);
        await SyncAtAsync(Controller(Job(), stopped), 0);
        Assert.Equal(1, Created);
    }
}
