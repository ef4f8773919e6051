using Obs.Api.Resources;
using Obs.Api.Validation;
using static Obs.Api.Tests.Validation.ValidationFixtures;

namespace Obs.Api.Tests.Validation;

public class PolicyValidationTests
{
    [Fact]
    public void HorizontalPodAutoscalerBounds()
    {
        var hpa = Obj("""
            {"metadata":{"name":"web","namespace":"d"},"spec":{"minReplicas":3,"maxReplicas":2,
              "scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},
              "metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":0}}}]}}
            """);
        Assert.Equal(
            [
                "spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`",
                "spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0",
            ],
            Messages(ObjectValidator.ValidateCreate(ResourceTypes.HorizontalPodAutoscaler, hpa)));
    }

    [Fact]
    public void PodDisruptionBudgetTakesOneBudget()
    {
        var pdb = Obj("""{"metadata":{"name":"web","namespace":"d"},"spec":{"minAvailable":1,"maxUnavailable":"10%","selector":{"matchLabels":{"app":"web"}}}}""");
        var message = Assert.Single(Messages(ObjectValidator.ValidateCreate(ResourceTypes.PodDisruptionBudget, pdb)));
        Assert.EndsWith("minAvailable and maxUnavailable cannot be both set", message);
    }

    [Fact]
    public void LeaseDurationMustBePositive()
    {
        var lease = Obj("""{"metadata":{"name":"l","namespace":"d"},"spec":{"leaseDurationSeconds":0,"holderIdentity":"me"}}""");
        Assert.Equal(["spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0"], Messages(ObjectValidator.ValidateCreate(ResourceTypes.Lease, lease)));
    }
}
