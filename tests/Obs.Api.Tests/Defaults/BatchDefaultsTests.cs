using Obs.Api.Defaults;
using Obs.Api.Resources;

namespace Obs.Api.Tests.Defaults;

public sealed class BatchDefaultsTests
{
    [Fact]
    public void JobGetsCompletionsParallelismBackoffAndModes()
    {
        var job = JsonAssert.Parse("""
            {"metadata":{"name":"pi"},"spec":{"template":{"metadata":{"labels":{"job":"pi"}},
              "spec":{"restartPolicy":"Never","containers":[{"name":"pi","image":"perl:5.34"}]}}}}
            """);

        ObjectDefaulter.Apply(ResourceTypes.Job, job);

        var spec = job["spec"]!;
        Assert.Equal(1, spec["completions"]!.GetValue<int>());
        Assert.Equal(1, spec["parallelism"]!.GetValue<int>());
        Assert.Equal(6, spec["backoffLimit"]!.GetValue<int>());
        Assert.Equal("NonIndexed", spec["completionMode"]!.GetValue<string>());
        Assert.False(spec["suspend"]!.GetValue<bool>());
        Assert.Equal("TerminatingOrFailed", spec["podReplacementPolicy"]!.GetValue<string>());
        Assert.False(spec["manualSelector"]!.GetValue<bool>());
        Assert.Equal("Never", spec["template"]!["spec"]!["restartPolicy"]!.GetValue<string>());
        Assert.Equal("ClusterFirst", spec["template"]!["spec"]!["dnsPolicy"]!.GetValue<string>());
        // Without labels of its own the job takes its template's.
        JsonAssert.Equal("""{"job":"pi"}""", job["metadata"]!["labels"]);
    }

    [Fact]
    public void JobWithParallelismOnlyKeepsCompletionsUnset()
    {
        var job = JsonAssert.Parse("""{"spec":{"parallelism":3}}""");

        ObjectDefaulter.Apply(ResourceTypes.Job, job);

        Assert.Null(job["spec"]!["completions"]);
        Assert.Equal(3, job["spec"]!["parallelism"]!.GetValue<int>());
    }

    [Fact]
    public void JobWithFailurePolicyReplacesOnlyFailedPods()
    {
        var job = JsonAssert.Parse("""
            {"spec":{"backoffLimitPerIndex":1,"completionMode":"Indexed","completions":4,
              "podFailurePolicy":{"rules":[{"action":"Ignore","onPodConditions":[{"type":"DisruptionTarget"}]}]}}}
            """);

        ObjectDefaulter.Apply(ResourceTypes.Job, job);

        Assert.Equal("Failed", job["spec"]!["podReplacementPolicy"]!.GetValue<string>());
        Assert.Equal(int.MaxValue, job["spec"]!["backoffLimit"]!.GetValue<int>());
        JsonAssert.Equal("""[{"type":"DisruptionTarget","status":"True"}]""", job["spec"]!["podFailurePolicy"]!["rules"]![0]!["onPodConditions"]);
    }

    [Fact]
    public void CronJobGetsPolicyAndHistoryLimitsAndItsPodTemplateDefaults()
    {
        var cronJob = JsonAssert.Parse("""
            {"spec":{"schedule":"*/5 * * * *","jobTemplate":{"spec":{"template":{"spec":{"restartPolicy":"OnFailure",
              "containers":[{"name":"hello","image":"busybox"}]}}}}}}
            """);

        ObjectDefaulter.Apply(ResourceTypes.CronJob, cronJob);

        var spec = cronJob["spec"]!;
        Assert.Equal("Allow", spec["concurrencyPolicy"]!.GetValue<string>());
        Assert.False(spec["suspend"]!.GetValue<bool>());
        Assert.Equal(3, spec["successfulJobsHistoryLimit"]!.GetValue<int>());
        Assert.Equal(1, spec["failedJobsHistoryLimit"]!.GetValue<int>());
        var jobSpec = spec["jobTemplate"]!["spec"]!;
        Assert.Null(jobSpec["backoffLimit"]);
        Assert.Equal("Always", jobSpec["template"]!["spec"]!["containers"]![0]!["imagePullPolicy"]!.GetValue<string>());
        Assert.Equal("OnFailure", jobSpec["template"]!["spec"]!["restartPolicy"]!.GetValue<string>());
    }
}
