using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Controllers.Tests.Hosting;

namespace Obs.Controllers.Tests.Jobs;

/// <summary>spec.podFailurePolicy: the first rule matching a failed pod decides whether it fails the Job, its index, counts, or is ignored.</summary>
public sealed class PodFailurePolicyControllerTests
{
    private const string IndexKey = JobFixtures.IndexKey;
    private const string FailureCountKey = "batch.kubernetes.io/job-index-failure-count";
    private const string IgnoredFailureCountKey = "batch.kubernetes.io/job-index-ignored-failure-count";
    private readonly RecordingObjectControl _control = new();

    private static JsonObject Job(string rules, int completions = 3, int parallelism = 2, int backoffLimit = 6, int? backoffLimitPerIndex = null)
    {
        var job = (JsonObject)JsonNode.Parse($$"""
            {
              "apiVersion": "batch/v1", "kind": "Job",
              "metadata": {"name": "pi", "namespace": "ns", "uid": "job-uid", "resourceVersion": "2"},
              "spec": {
                "completions": {{completions}}, "parallelism": {{parallelism}}, "backoffLimit": {{backoffLimit}},
                "podFailurePolicy": {"rules": {{rules}} },
                "selector": {"matchLabels": {"job-name": "pi"} },
                "template": {"metadata": {"labels": {"job-name": "pi"} },
                             "spec": {"restartPolicy": "Never", "containers": [{"name": "main", "image": "perl"}, {"name": "sidecar", "image": "envoy"}]} }
              }
            }
            """)!;
        if (backoffLimitPerIndex is { } perIndex)
        {
            job["spec"]!["completionMode"] = "Indexed";
            job["spec"]!["backoffLimitPerIndex"] = perIndex;
        }
        return job;
    }

    private const string FailJobOn42 = """[{"action": "FailJob", "onExitCodes": {"containerName": "main", "operator": "In", "values": [42]}}]""";
    private const string IgnoreDisruption = """{"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget", "status": "True"}]}""";

    private static JsonObject Pod(string name, string phase, int? index = null) => JobFixtures.Pod(name, phase, index);

    /// <summary>A failed pod whose containers exited with these codes (main first, then sidecar).</summary>
    private static JsonObject Exited(string name, int main, int sidecar = 0, int? index = null)
    {
        var pod = Pod(name, "Failed", index);
        pod["status"]!["containerStatuses"] = new JsonArray(Terminated("main", main), Terminated("sidecar", sidecar));
        return pod;
    }

    /// <summary>Terminated a minute ago: the back-off after it is over.</summary>
    private static JsonObject Terminated(string container, int code) => new()
    {
        ["name"] = container,
        ["state"] = new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = code, ["finishedAt"] = Stores.At(60) } },
    };

    private static JsonObject Disrupted(string name, int? index = null)
    {
        var pod = Exited(name, 137, 137, index);
        pod["status"]!["conditions"] = new JsonArray(new JsonObject { ["type"] = "DisruptionTarget", ["status"] = "True", ["reason"] = "EvictionByEvictionAPI" });
        return pod;
    }

    private Task<JsonNode?> SyncAsync(JsonObject job, params JsonObject[] pods) => JobFixtures.SyncAsync(_control, job, pods);

    [Fact]
    public async Task AFailJobRuleOnExitCode42FailsTheJobAtOnceWithoutUsingTheBackoffLimit()
    {
        var status = await SyncAsync(Job(FailJobOn42), Exited("a", 42), Pod("b", "Running"));
        Assert.Equal(["FailureTarget PodFailurePolicy"], JobFixtures.Conditions(status));
        Assert.Equal("Container main for pod ns/a failed with exit code 42 matching FailJob rule at index 0", status!["conditions"]![0].StringAt("message"));
        Assert.Equal("b", ObjectMeta.Name(Assert.Single(_control.Of("delete", ResourceTypes.Pod))));
        Assert.Empty(_control.Of("create", ResourceTypes.Pod));
        Assert.Equal(1, status.LongAt("failed"));
    }

    [Fact]
    public async Task TheFailureTargetStandsAndBecomesFailedOnceNoPodIsLeft()
    {
        var job = Job(FailJobOn42);
        job["status"] = (await SyncAsync(Job(FailJobOn42), Exited("a", 42), Pod("b", "Running")))!.DeepClone();
        _control.Actions.Clear();
        _control.Events.Clear();

        // The pod that matched is gone too: the recorded target still decides.
        var status = await SyncAsync(job);
        Assert.Equal(["FailureTarget PodFailurePolicy", "Failed PodFailurePolicy"], JobFixtures.Conditions(status));
        Assert.Equal(status!["conditions"]![0].StringAt("message"), status["conditions"]![1].StringAt("message"));
        Assert.Empty(_control.Of("create", ResourceTypes.Pod));
        Assert.Equal(["Warning PodFailurePolicy job-controller Container main for pod ns/a failed with exit code 42 matching FailJob rule at index 0"], _control.EventLines);
    }

    [Fact]
    public async Task OnlyTheNamedContainerAndNonZeroExitCodesMatch()
    {
        // The sidecar's 42 is not main's, and main's 0 is a success: the failure is counted as usual.
        var status = await SyncAsync(Job(FailJobOn42), Exited("a", 0, sidecar: 42));
        Assert.Equal([], JobFixtures.Conditions(status));
        Assert.Equal(1, status.LongAt("failed"));
        Assert.Equal(2, _control.Of("create", ResourceTypes.Pod).Count());
    }

    [Fact]
    public async Task NotInMatchesAnExitCodeOutsideTheList()
    {
        const string rules = """[{"action": "FailJob", "onExitCodes": {"operator": "NotIn", "values": [1, 2]}}]""";
        Assert.Equal([], JobFixtures.Conditions(await SyncAsync(Job(rules), Exited("a", 2))));
        var status = await SyncAsync(Job(rules), Exited("b", 1, sidecar: 3));
        Assert.Equal(["FailureTarget PodFailurePolicy", "Failed PodFailurePolicy"], JobFixtures.Conditions(status));
        Assert.StartsWith("Container sidecar for pod ns/b failed with exit code 3", status!["conditions"]![0].StringAt("message"));
    }

    [Fact]
    public async Task AnIgnoreRuleOnDisruptionTargetDoesNotCountAndThePodIsReplaced()
    {
        var status = await SyncAsync(Job($"[{IgnoreDisruption}]", completions: 1, parallelism: 1, backoffLimit: 0), Disrupted("a"));
        Assert.Equal([], JobFixtures.Conditions(status));
        Assert.Null(status.LongAt("failed"));
        Assert.Single(_control.Of("create", ResourceTypes.Pod));
    }

    [Fact]
    public async Task TheFirstMatchingRuleWins()
    {
        // The disrupted pod's 137 would match the second rule; the first, Ignore, decides.
        var rules = $$$"""[{{{IgnoreDisruption}}}, {"action": "FailJob", "onExitCodes": {"operator": "In", "values": [137]}}]""";
        Assert.Equal([], JobFixtures.Conditions(await SyncAsync(Job(rules), Disrupted("a"))));
        Assert.Equal(["FailureTarget PodFailurePolicy", "Failed PodFailurePolicy"], JobFixtures.Conditions(await SyncAsync(Job(rules), Exited("b", 137))));
    }

    [Fact]
    public async Task ACountRuleCountsAgainstTheBackoffLimit()
    {
        const string rules = """[{"action": "Count", "onExitCodes": {"operator": "In", "values": [1]}}]""";
        var status = await SyncAsync(Job(rules, backoffLimit: 0), Exited("a", 1));
        Assert.Equal(["FailureTarget BackoffLimitExceeded", "Failed BackoffLimitExceeded"], JobFixtures.Conditions(status));
    }

    [Fact]
    public async Task IgnoredFailuresDoNotDelayTheirReplacements()
    {
        // Two counted failures this close would hold the next pod back 10 s.
        await SyncAsync(Job($"[{IgnoreDisruption}]", completions: 1, parallelism: 1), Disrupted("a"), Disrupted("b"));
        Assert.Single(_control.Of("create", ResourceTypes.Pod));
    }

    [Fact]
    public async Task AFailIndexRuleFailsTheIndexAtOnceAndTheOthersRunOn()
    {
        const string rules = """[{"action": "FailIndex", "onExitCodes": {"operator": "In", "values": [42]}}]""";
        var status = await SyncAsync(Job(rules, completions: 3, parallelism: 3, backoffLimit: int.MaxValue, backoffLimitPerIndex: 5), Exited("a", 42, index: 1));
        Assert.Equal("1", status.StringAt("failedIndexes"));
        Assert.Equal(1, status.LongAt("failed"));
        Assert.Equal(["0", "2"], _control.Of("create", ResourceTypes.Pod).Select(p => p.StringAt("metadata", "annotations", IndexKey)).Order());
        Assert.Equal([], JobFixtures.Conditions(status));
    }

    [Fact]
    public async Task AnIgnoredFailureLeavesTheIndexFailureCountAsItWas()
    {
        var status = await SyncAsync(Job($"[{IgnoreDisruption}]", completions: 1, parallelism: 1, backoffLimit: int.MaxValue, backoffLimitPerIndex: 0), Disrupted("a", index: 0));
        Assert.Equal("", status.StringAt("failedIndexes"));
        var replacement = Assert.Single(_control.Of("create", ResourceTypes.Pod));
        Assert.Equal("0", replacement.StringAt("metadata", "annotations", FailureCountKey));
        Assert.Equal("1", replacement.StringAt("metadata", "annotations", IgnoredFailureCountKey));
    }

    [Fact]
    public async Task TheIgnoredFailureCountAddsUpAcrossAnIndexsPodsAndIsLeftOutWhileZero()
    {
        var job = Job($"[{IgnoreDisruption}]", completions: 2, parallelism: 2, backoffLimit: int.MaxValue, backoffLimitPerIndex: 3);
        var second = Disrupted("b", index: 0);
        second["metadata"]!["annotations"]![FailureCountKey] = "1";
        second["metadata"]!["annotations"]![IgnoredFailureCountKey] = "2";
        await SyncAsync(job, second, Exited("c", 1, index: 1));
        var created = _control.Of("create", ResourceTypes.Pod).ToDictionary(p => p.StringAt("metadata", "annotations", IndexKey)!);
        Assert.Equal(("1", "3"), (created["0"].StringAt("metadata", "annotations", FailureCountKey), created["0"].StringAt("metadata", "annotations", IgnoredFailureCountKey)));
        Assert.Equal(("1", null), (created["1"].StringAt("metadata", "annotations", FailureCountKey), created["1"].StringAt("metadata", "annotations", IgnoredFailureCountKey)));
    }
}
