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
}
