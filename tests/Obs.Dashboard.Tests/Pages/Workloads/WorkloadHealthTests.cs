using System.Text.Json.Nodes;
using Obs.Dashboard.Components.Objects;
using Obs.Dashboard.Pages.Workloads;

namespace Obs.Dashboard.Tests.Pages.Workloads;

public sealed class WorkloadHealthTests
{
    [Fact]
    public void ADeploymentWithAllReplicasAvailableIsHealthy() =>
        Assert.Equal(StatusTone.Healthy, WorkloadHealth.Of(WorkloadKinds.Deployments, WorkloadObjects.Deployment("a", "b")).Tone);

    [Fact]
    public void ADeploymentTheControllerHasNotSeenIsProgressing()
    {
        var deployment = WorkloadObjects.Deployment("a", "b", generation: 2);
        deployment["status"]!["observedGeneration"] = 1;

        var status = WorkloadHealth.Of(WorkloadKinds.Deployments, deployment);

        Assert.Equal(("Progressing", StatusTone.Progressing), (status.Text, status.Tone));
    }

    [Fact]
    public void ADeploymentPastItsProgressDeadlineIsDegraded()
    {
        var deployment = WorkloadObjects.Deployment("a", "b", ready: 0);
        deployment["status"]!["conditions"] = new JsonArray(new JsonObject { ["type"] = "Progressing", ["status"] = "False", ["reason"] = "ProgressDeadlineExceeded" });

        Assert.Equal(StatusTone.Degraded, WorkloadHealth.Of(WorkloadKinds.Deployments, deployment).Tone);
    }

    [Fact]
    public void AnUnavailableDeploymentWhoseRolloutIsDoneIsDegraded()
    {
        var deployment = WorkloadObjects.Deployment("a", "b", ready: 1);
        deployment["status"]!["conditions"] = new JsonArray(new JsonObject { ["type"] = "Available", ["status"] = "False" });

        var status = WorkloadHealth.Of(WorkloadKinds.Deployments, deployment);

        Assert.Equal(StatusTone.Degraded, status.Tone);
        Assert.Equal("1 of 3 updated replicas are available", status.Reason);
    }

    [Fact]
    public void APausedDeploymentSaysPaused()
    {
        var deployment = WorkloadObjects.Deployment("a", "b");
        deployment["spec"]!["paused"] = true;

        Assert.Equal("Paused", WorkloadHealth.Of(WorkloadKinds.Deployments, deployment).Text);
    }

    [Fact]
    public void AJobThatFailedIsDegradedAndOneThatCompletedIsHealthy()
    {
        var failed = new JsonObject { ["status"] = new JsonObject { ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Failed", ["status"] = "True", ["message"] = "BackoffLimitExceeded" }) } };
        var complete = new JsonObject { ["status"] = new JsonObject { ["succeeded"] = 1, ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Complete", ["status"] = "True" }) } };

        Assert.Equal(("Failed", StatusTone.Degraded), (WorkloadHealth.Of(WorkloadKinds.Jobs, failed).Text, WorkloadHealth.Of(WorkloadKinds.Jobs, failed).Tone));
        Assert.Equal(("Complete", StatusTone.Healthy), (WorkloadHealth.Of(WorkloadKinds.Jobs, complete).Text, WorkloadHealth.Of(WorkloadKinds.Jobs, complete).Tone));
    }

    [Fact]
    public void ADaemonSetWithPodsNotAvailableAfterItsRolloutIsDegraded()
    {
        var daemonSet = new JsonObject
        {
            ["metadata"] = new JsonObject { ["generation"] = 1 },
            ["status"] = new JsonObject { ["observedGeneration"] = 1, ["desiredNumberScheduled"] = 4, ["updatedNumberScheduled"] = 4, ["numberAvailable"] = 2 },
        };

        var status = WorkloadHealth.Of(WorkloadKinds.DaemonSets, daemonSet);

        Assert.Equal((StatusTone.Degraded, "2 of 4 pods are available"), (status.Tone, status.Reason));
    }
}
