using Obs.Api.Resources;
using Obs.Api.Validation;
using static Obs.Api.Tests.Validation.ValidationFixtures;

namespace Obs.Api.Tests.Validation;

public class StatusValidationTests
{
    [Fact]
    public void StatusCountersMustBeConsistent()
    {
        var old = Deployment();
        var now = Deployment();
        now["status"] = Obj("""{"replicas":2,"readyReplicas":3,"availableReplicas":1,"updatedReplicas":-1}""");
        Assert.Equal(
            [
                "status.updatedReplicas: Invalid value: -1: must be greater than or equal to 0",
                "status.readyReplicas: Invalid value: 3: cannot be greater than status.replicas",
            ],
            Messages(ObjectValidator.ValidateStatusUpdate(ResourceTypes.Deployment, now, old)));
    }

    [Fact]
    public void StatusUpdateDoesNotRevalidateTheSpec()
    {
        var old = Deployment();
        old["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "";
        var now = (System.Text.Json.Nodes.JsonObject)old.DeepClone();
        now["status"] = Obj("""{"replicas":1}""");
        Assert.Empty(ObjectValidator.ValidateStatusUpdate(ResourceTypes.Deployment, now, old));
    }

    [Fact]
    public void PodStatusPhaseAndIps()
    {
        var now = Pod();
        now["status"] = Obj("""{"phase":"Done","podIP":"10.0.0"}""");
        Assert.Equal(
            [
                "status.phase: Unsupported value: \"Done\": supported values: \"Pending\", \"Running\", \"Succeeded\", \"Failed\", \"Unknown\"",
                "status.podIP: Invalid value: \"10.0.0\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
            ],
            Messages(ObjectValidator.ValidateStatusUpdate(ResourceTypes.Pod, now, Pod())));
    }

    [Fact]
    public void ACronJobsActiveJobsAreAListNotACount()
    {
        var cronJob = Obj("""{"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"c","namespace":"ns"},"spec":{"schedule":"* * * * *","jobTemplate":{}}}""");
        var now = (System.Text.Json.Nodes.JsonObject)cronJob.DeepClone();
        now["status"] = Obj("""{"active":[{"kind":"Job","namespace":"ns","name":"c-1","uid":"u","apiVersion":"batch/v1"}],"lastScheduleTime":"2026-01-01T00:00:00Z"}""");
        Assert.Empty(ObjectValidator.ValidateStatusUpdate(ResourceTypes.CronJob, now, cronJob));
        now["status"] = Obj("""{"active":-1}""");
        Assert.Equal(["status.active: Invalid value: -1: must be greater than or equal to 0"], Messages(ObjectValidator.ValidateStatusUpdate(ResourceTypes.Job, now, cronJob)));
    }

    [Fact]
    public void ScaleReplicasMustNotBeNegative()
    {
        Assert.Equal(["spec.replicas: Invalid value: -1: must be greater than or equal to 0"], Messages(ObjectValidator.ValidateScale(Obj("""{"spec":{"replicas":-1}}"""))));
        Assert.Empty(ObjectValidator.ValidateScale(Obj("""{"spec":{"replicas":3}}""")));
    }

    [Fact]
    public void BindingNeedsANodeTarget()
    {
        Assert.Equal(["target.name: Required value"], Messages(ObjectValidator.ValidatePodBinding(Obj("""{"target":{"kind":"Node"}}"""))));
        Assert.Equal(["target.kind: Unsupported value: \"Pod\": supported values: \"Node\", \"<empty>\""], Messages(ObjectValidator.ValidatePodBinding(Obj("""{"target":{"kind":"Pod","name":"n"}}"""))));
    }
}
