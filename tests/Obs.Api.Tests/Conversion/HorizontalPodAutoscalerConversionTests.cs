using System.Text.Json.Nodes;
using Obs.Api.Conversion;

namespace Obs.Api.Tests.Conversion;

public sealed class HorizontalPodAutoscalerConversionTests
{
    private const string V2 = """
        {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler","metadata":{"name":"web","namespace":"default"},
         "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"minReplicas":1,"maxReplicas":4,
           "metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":60}}},
                      {"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"100Mi"}}}],
           "behavior":{"scaleDown":{"stabilizationWindowSeconds":60}}},
         "status":{"currentReplicas":2,"desiredReplicas":2,
           "currentMetrics":[{"type":"Resource","resource":{"name":"cpu","current":{"averageUtilization":40,"averageValue":"40m"}}}],
           "conditions":[{"type":"AbleToScale","status":"True","reason":"ReadyForNewScale"}]}}
        """;

    [Fact]
    public void V1ShowsTheCpuTargetAndCarriesTheRestInAnnotations()
    {
        var v1 = HorizontalPodAutoscalerConversion.ToV1(JsonNode.Parse(V2)!.AsObject());
        Assert.Equal("autoscaling/v1", v1["apiVersion"]!.GetValue<string>());
        Assert.Equal(60, v1["spec"]!["targetCPUUtilizationPercentage"]!.GetValue<long>());
        Assert.Null(v1["spec"]!["metrics"]);
        Assert.Null(v1["spec"]!["behavior"]);
        Assert.Equal(40, v1["status"]!["currentCPUUtilizationPercentage"]!.GetValue<long>());
        var annotations = v1["metadata"]!["annotations"]!;
        Assert.Equal("""[{"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"100Mi"}}}]""",
            annotations[HorizontalPodAutoscalerConversion.MetricsAnnotation]!.GetValue<string>());
        Assert.Equal("""{"scaleDown":{"stabilizationWindowSeconds":60}}""", annotations[HorizontalPodAutoscalerConversion.BehaviorAnnotation]!.GetValue<string>());
        Assert.Contains("ReadyForNewScale", annotations[HorizontalPodAutoscalerConversion.ConditionsAnnotation]!.GetValue<string>());
    }

    [Fact]
    public void ARoundTripThroughV1KeepsSpecAndConditions()
    {
        var original = JsonNode.Parse(V2)!.AsObject();
        var back = HorizontalPodAutoscalerConversion.ToV2(HorizontalPodAutoscalerConversion.ToV1(original));
        Assert.Equal(original["spec"]!.ToJsonString(), back["spec"]!.ToJsonString());
        Assert.Equal(original["status"]!["conditions"]!.ToJsonString(), back["status"]!["conditions"]!.ToJsonString());
        Assert.Null(back["metadata"]!["annotations"]);
    }

    [Fact]
    public void AV1TargetBecomesAV2CpuUtilisationMetric()
    {
        var v1 = JsonNode.Parse("""
            {"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler","metadata":{"name":"w"},
             "spec":{"scaleTargetRef":{"kind":"Deployment","name":"w"},"maxReplicas":3,"targetCPUUtilizationPercentage":75}}
            """)!.AsObject();
        var v2 = HorizontalPodAutoscalerConversion.ToV2(v1);
        Assert.Equal("""[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":75}}}]""",
            v2["spec"]!["metrics"]!.ToJsonString());
        Assert.Null(v2["spec"]!["targetCPUUtilizationPercentage"]);
    }
}
