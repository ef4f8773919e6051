using System.Text.Json.Nodes;
using Obs.Api.Resources;
using Obs.Api.Validation;
using static Obs.Api.Tests.Validation.ValidationFixtures;

namespace Obs.Api.Tests.Validation;

public class AffinityValidationTests
{
    private static IReadOnlyList<string> WithSpec(string field, string json)
    {
        var pod = Pod();
        pod["spec"]![field] = JsonNode.Parse(json);
        return Messages(ObjectValidator.ValidateCreate(ResourceTypes.Pod, pod));
    }

    [Fact]
    public void ValidAffinityHasNoErrors()
    {
        Assert.Empty(WithSpec("affinity", """
            {"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"disk","operator":"In","values":["ssd"]}]}]}},
             "podAntiAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":50,"podAffinityTerm":{"labelSelector":{"matchLabels":{"app":"web"}},"topologyKey":"kubernetes.io/hostname"}}]}}
            """));
    }

    [Fact]
    public void NodeAffinityNeedsTermsAndValidOperators()
    {
        Assert.Equal(
            ["spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: Required value: must have at least one node selector term"],
            WithSpec("affinity", """{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[]}}}"""));
        Assert.Equal(
            ["spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values: Required value: must be specified single value when `operator` is 'Lt' or 'Gt'"],
            WithSpec("affinity", """{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"cpu","operator":"Gt"}]}]}}}"""));
    }

    [Fact]
    public void PodAffinityNeedsTopologyKeyAndWeights()
    {
        Assert.Equal(
            [
                "spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100",
                "spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey: Required value: can not be empty",
            ],
            WithSpec("affinity", """{"podAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":0,"podAffinityTerm":{}}]}}"""));
    }

    [Fact]
    public void TopologySpreadConstraintsAreChecked()
    {
        Assert.Equal(
            [
                "spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero",
                "spec.topologySpreadConstraints[0].whenUnsatisfiable: Unsupported value: \"Maybe\": supported values: \"DoNotSchedule\", \"ScheduleAnyway\"",
            ],
            WithSpec("topologySpreadConstraints", """[{"maxSkew":0,"topologyKey":"zone","whenUnsatisfiable":"Maybe"}]"""));
    }
}
