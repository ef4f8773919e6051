using System.Text.Json.Nodes;
using Obs.Api.Resources;
using Obs.Api.Validation;
using static Obs.Api.Tests.Validation.ValidationFixtures;

namespace Obs.Api.Tests.Validation;

public class BatchValidationTests
{
    private static JsonObject Job() => Obj("""
        {"metadata":{"name":"pi","namespace":"default"},
         "spec":{"backoffLimit":6,"completions":1,"parallelism":1,"completionMode":"NonIndexed",
           "template":{"spec":{"restartPolicy":"Never","containers":[{"name":"pi","image":"perl"}]}}}}
        """);

    private static JsonObject CronJob() => Obj("""
        {"metadata":{"name":"hello","namespace":"default"},
         "spec":{"schedule":"*/5 * * * *","concurrencyPolicy":"Allow",
           "jobTemplate":{"spec":{"template":{"spec":{"restartPolicy":"OnFailure","containers":[{"name":"c","image":"busybox"}]}}}}}}
        """);

    [Fact]
    public void ValidJobHasNoErrors() => Assert.Empty(ObjectValidator.ValidateCreate(ResourceTypes.Job, Job()));

    [Fact]
    public void JobTemplateRestartPolicyMustBeOnFailureOrNever()
    {
        var job = Job();
        job["spec"]!["template"]!["spec"]!["restartPolicy"] = "Always";
        job["spec"]!["backoffLimit"] = -1;
        Assert.Equal(
            [
                "spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0",
                "spec.template.spec.restartPolicy: Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\"",
            ],
            Messages(ObjectValidator.ValidateCreate(ResourceTypes.Job, job)));
    }

    [Fact]
    public void JobTemplateIsImmutable()
    {
        var old = Job();
        var now = Job();
        now["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "perl:2";
        now["spec"]!["parallelism"] = 3;
        var messages = Messages(ObjectValidator.ValidateUpdate(ResourceTypes.Job, now, old));
        Assert.StartsWith("spec.template: Invalid value: ", Assert.Single(messages));
        Assert.EndsWith("field is immutable", messages[0]);
    }

    [Fact]
    public void ValidCronJobHasNoErrors() => Assert.Empty(ObjectValidator.ValidateCreate(ResourceTypes.CronJob, CronJob()));

    [Fact]
    public void CronJobNeedsScheduleAndJobTemplate()
    {
        var cj = Obj("""{"metadata":{"name":"x","namespace":"d"},"spec":{}}""");
        Assert.Equal(["spec.schedule: Required value", "spec.jobTemplate: Required value"], Messages(ObjectValidator.ValidateCreate(ResourceTypes.CronJob, cj)));
    }

    [Fact]
    public void CronJobScheduleAndNameLength()
    {
        var cj = CronJob();
        cj["metadata"]!["name"] = new string('a', 53);
        cj["spec"]!["schedule"] = "61 * * * *";
        Assert.Equal(
            [
                "metadata.name: Invalid value: \"" + new string('a', 53) + "\": must be no more than 52 characters",
                "spec.schedule: Invalid value: \"61 * * * *\": end of range (61) above maximum (59): 61",
            ],
            Messages(ObjectValidator.ValidateCreate(ResourceTypes.CronJob, cj)));
    }

    [Fact]
    public void JobTemplateSelectorIsGenerated()
    {
        var cj = CronJob();
        cj["spec"]!["jobTemplate"]!["spec"]!["selector"] = JsonNode.Parse("""{"matchLabels":{"a":"b"}}""");
        Assert.Equal(["spec.jobTemplate.spec.selector: Invalid value: {\"matchLabels\":{\"a\":\"b\"}}: `selector` will be auto-generated"],
            Messages(ObjectValidator.ValidateCreate(ResourceTypes.CronJob, cj)));
    }

    [Fact]
    public void CronJobTimeZoneMustBeExplicitAndKnown()
    {
        var cj = CronJob();
        cj["spec"]!["timeZone"] = "Local";
        Assert.Equal(["spec.timeZone: Invalid value: \"Local\": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"],
            Messages(ObjectValidator.ValidateCreate(ResourceTypes.CronJob, cj)));
        cj["spec"]!["timeZone"] = "Not a zone";
        Assert.Equal(["spec.timeZone: Invalid value: \"Not a zone\": unknown time zone Not a zone"], Messages(ObjectValidator.ValidateCreate(ResourceTypes.CronJob, cj)));
        cj["spec"]!["timeZone"] = "UTC";
        Assert.Empty(ObjectValidator.ValidateCreate(ResourceTypes.CronJob, cj));
    }

    private static JsonObject JobWith(string policyField, string policy, bool indexed = false)
    {
        var job = Job();
        job["spec"]![policyField] = JsonNode.Parse(policy);
        job["spec"]!["completions"] = 5;
        if (indexed) job["spec"]!["completionMode"] = "Indexed";
        return job;
    }

    [Fact]
    public void PodFailurePolicyRulesAreAccepted()
    {
        var job = JobWith("podFailurePolicy", """
            {"rules":[{"action":"FailJob","onExitCodes":{"containerName":"pi","operator":"In","values":[1,42]}},
                      {"action":"Ignore","onPodConditions":[{"type":"DisruptionTarget","status":"True"}]},
                      {"action":"Count","onExitCodes":{"operator":"NotIn","values":[0]}}]}
            """);
        Assert.Empty(ObjectValidator.ValidateCreate(ResourceTypes.Job, job));
    }

    [Fact]
    public void PodFailurePolicyRulesNameTheBadField()
    {
        var job = JobWith("podFailurePolicy", """
            {"rules":[{"action":"Retry","onExitCodes":{"containerName":"other","operator":"Is","values":[42,0,42]}},
                      {"action":"FailIndex","onPodConditions":[{"type":"DisruptionTarget","status":"Maybe"}]},
                      {"action":"Ignore"},
                      {"action":"FailJob","onExitCodes":{"operator":"In","values":[0]},"onPodConditions":[{"type":"Ready","status":"False"}]}]}
            """);
        job["spec"]!["template"]!["spec"]!["restartPolicy"] = "OnFailure";
        Assert.Equal(
            [
                "spec.template.spec.restartPolicy: Invalid value: \"OnFailure\": only \"Never\" is supported when podFailurePolicy is specified",
                "spec.podFailurePolicy.rules[0].action: Unsupported value: \"Retry\": supported values: \"Count\", \"FailIndex\", \"FailJob\", \"Ignore\"",
                "spec.podFailurePolicy.rules[0].onExitCodes.operator: Unsupported value: \"Is\": supported values: \"In\", \"NotIn\"",
                "spec.podFailurePolicy.rules[0].onExitCodes.containerName: Invalid value: \"other\": must be one of the container or initContainer names in the pod template",
                "spec.podFailurePolicy.rules[0].onExitCodes.values[2]: Duplicate value: 42",
                "spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: [42,0,42]: must be ordered",
                "spec.podFailurePolicy.rules[1].action: Invalid value: \"FailIndex\": requires the backoffLimitPerIndex to be set",
                "spec.podFailurePolicy.rules[1].onPodConditions[0].status: Unsupported value: \"Maybe\": supported values: \"False\", \"True\", \"Unknown\"",
                "spec.podFailurePolicy.rules[2]: Invalid value: null: specifying one of OnExitCodes and OnPodConditions is required",
                "spec.podFailurePolicy.rules[3].onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator",
                "spec.podFailurePolicy.rules[3]: Invalid value: null: specifying both OnExitCodes and OnPodConditions is not supported",
            ],
            Messages(ObjectValidator.ValidateCreate(ResourceTypes.Job, job)));
    }

    [Fact]
    public void SuccessPolicyIsAcceptedOnIndexedJobs()
    {
        var job = JobWith("successPolicy", """{"rules":[{"succeededIndexes":"0,2-4"},{"succeededIndexes":"1-3","succeededCount":2},{"succeededCount":5}]}""", indexed: true);
        Assert.Empty(ObjectValidator.ValidateCreate(ResourceTypes.Job, job));
    }

    [Fact]
    public void SuccessPolicyNeedsAnIndexedJob()
    {
        var job = JobWith("successPolicy", """{"rules":[{"succeededCount":1}]}""");
        Assert.Equal(["spec.successPolicy: Invalid value: {\"rules\":[{\"succeededCount\":1}]}: requires indexed completion mode"],
            Messages(ObjectValidator.ValidateCreate(ResourceTypes.Job, job)));
    }

    [Fact]
    public void SuccessPolicyRulesNameTheBadField()
    {
        var job = JobWith("successPolicy", """
            {"rules":[{},{"succeededIndexes":"3,1"},{"succeededIndexes":"0-9"},{"succeededIndexes":"x"},{"succeededIndexes":"1-2","succeededCount":3},{"succeededCount":6}]}
            """, indexed: true);
        Assert.Equal(
            [
                "spec.successPolicy.rules[0]: Required value: at least one of succeededCount or succeededIndexes must be specified",
                "spec.successPolicy.rules[1].succeededIndexes: Invalid value: \"3,1\": error parsing succeededIndexes: non-increasing order, previous: 3, current: 1",
                "spec.successPolicy.rules[2].succeededIndexes: Invalid value: \"0-9\": error parsing succeededIndexes: too large index: \"9\"",
                "spec.successPolicy.rules[3].succeededIndexes: Invalid value: \"x\": error parsing succeededIndexes: cannot convert string to integer for index: \"x\"",
                "spec.successPolicy.rules[4].succeededCount: Invalid value: 3: must be less than or equal to 2 (the number of indexes in the specified succeededIndexes field)",
                "spec.successPolicy.rules[5].succeededCount: Invalid value: 6: must be less than or equal to 5 (the number of specified completions)",
            ],
            Messages(ObjectValidator.ValidateCreate(ResourceTypes.Job, job)));
        job["spec"]!["successPolicy"] = JsonNode.Parse("""{"rules":[]}""");
        Assert.Equal(["spec.successPolicy.rules: Required value: at least one rules must be specified when the successPolicy is specified"],
            Messages(ObjectValidator.ValidateCreate(ResourceTypes.Job, job)));
    }

    [Fact]
    public void SuccessPolicyIsImmutable()
    {
        var old = JobWith("successPolicy", """{"rules":[{"succeededCount":1}]}""", indexed: true);
        var now = JobWith("successPolicy", """{"rules":[{"succeededCount":2}]}""", indexed: true);
        Assert.StartsWith("spec.successPolicy: Invalid value: ", Assert.Single(Messages(ObjectValidator.ValidateUpdate(ResourceTypes.Job, now, old))));
    }

    /// <summary>The Job as its controller writes it to /status.</summary>
    private static IReadOnlyList<string> StatusErrors(string status, bool indexed = false, int? backoffLimitPerIndex = null)
    {
        var job = Job();
        job["spec"]!["completions"] = 5;
        if (indexed) job["spec"]!["completionMode"] = "Indexed";
        if (backoffLimitPerIndex is { } perIndex) job["spec"]!["backoffLimitPerIndex"] = perIndex;
        var old = (JsonObject)job.DeepClone();
        job["status"] = JsonNode.Parse(status);
        return Messages(ObjectValidator.ValidateStatusUpdate(ResourceTypes.Job, job, old));
    }

    [Fact]
    public void AJobStatusAsItsControllerWritesItIsAccepted()
    {
        Assert.Empty(StatusErrors("""{"active":1,"ready":1,"terminating":0,"succeeded":2,"failed":1,"uncountedTerminatedPods":{"succeeded":["a"],"failed":["b"]}}"""));
        Assert.Empty(StatusErrors("""{"completedIndexes":"0,2-4","failedIndexes":"1","uncountedTerminatedPods":{}}""", indexed: true, backoffLimitPerIndex: 1));
    }

    [Fact]
    public void AnUncountedPodIsCountedOnceAndNamed()
    {
        Assert.Equal(
            [
                "status.uncountedTerminatedPods.succeeded[1]: Invalid value: \"\": must not be empty",
                "status.uncountedTerminatedPods.succeeded[2]: Duplicate value: \"a\"",
                "status.uncountedTerminatedPods.failed[0]: Duplicate value: \"a\"",
            ],
            StatusErrors("""{"uncountedTerminatedPods":{"succeeded":["a","","a"],"failed":["a","b"]}}"""));
    }

    [Fact]
    public void JobStatusCountersMustNotBeNegativeNorReadyExceedActive()
    {
        Assert.Equal(
            [
                "status.active: Invalid value: -1: must be greater than or equal to 0",
                "status.succeeded: Invalid value: -2: must be greater than or equal to 0",
                "status.failed: Invalid value: -3: must be greater than or equal to 0",
                "status.ready: Invalid value: 1: cannot set more ready pods than active",
            ],
            StatusErrors("""{"active":-1,"succeeded":-2,"failed":-3,"ready":1}"""));
    }

    [Fact]
    public void CompletedIndexesAreAscendingIntervalsBelowCompletionsOnIndexedJobsOnly()
    {
        Assert.Equal(["status.completedIndexes: Invalid value: \"0-2,1\": error parsing completedIndexes: non-increasing order, previous: 2, current: 1"],
            StatusErrors("""{"completedIndexes":"0-2,1"}""", indexed: true));
        Assert.Equal(["status.completedIndexes: Invalid value: \"5\": error parsing completedIndexes: too large index: \"5\""],
            StatusErrors("""{"completedIndexes":"5"}""", indexed: true));
        Assert.Equal(["status.completedIndexes: Invalid value: \"1\": cannot set non-empty completedIndexes when non-indexed completion mode"],
            StatusErrors("""{"completedIndexes":"1"}"""));
        Assert.Equal(["status.failedIndexes: Invalid value: \"1\": cannot set non-null failedIndexes when backoffLimitPerIndex is null"],
            StatusErrors("""{"failedIndexes":"1"}""", indexed: true));
        Assert.Equal(["status.failedIndexes: Invalid value: \"x\": error parsing failedIndexes: cannot convert string to integer for index: \"x\""],
            StatusErrors("""{"failedIndexes":"x"}""", indexed: true, backoffLimitPerIndex: 1));
    }
}
