using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Controllers.Autoscaling;

/// <summary>
/// One direction of <c>spec.behavior</c> with autoscaling/v2's defaults filled in: scale up at
/// once by up to 4 pods or 100 % per 15 s (whichever is more); scale down by up to 100 % per
/// 15 s but only to the highest recommendation of the last 300 s (the stabilisation window).
/// </summary>
public sealed record ScalingRules(TimeSpan StabilizationWindow, string SelectPolicy, IReadOnlyList<ScalingPolicy> Policies)
{
    public static ScalingRules Up(JsonObject hpa) => From(hpa.At("spec", "behavior", "scaleUp") as JsonObject, TimeSpan.Zero,
        [new ScalingPolicy(false, 4, TimeSpan.FromSeconds(15)), new ScalingPolicy(true, 100, TimeSpan.FromSeconds(15))]);

    public static ScalingRules Down(JsonObject hpa) => From(hpa.At("spec", "behavior", "scaleDown") as JsonObject, TimeSpan.FromSeconds(300),
        [new ScalingPolicy(true, 100, TimeSpan.FromSeconds(15))]);

    private static ScalingRules From(JsonObject? rules, TimeSpan window, IReadOnlyList<ScalingPolicy> policies)
    {
        if (rules is null) return new ScalingRules(window, "Max", policies);
        var declared = (rules["policies"] as JsonArray)?.OfType<JsonObject>()
            .Select(p => new ScalingPolicy(p.StringAt("type") == "Percent", (int)(p.LongAt("value") ?? 0), TimeSpan.FromSeconds(p.LongAt("periodSeconds") ?? 15)))
            .ToList();
        return new ScalingRules(
            rules.LongAt("stabilizationWindowSeconds") is { } seconds ? TimeSpan.FromSeconds(seconds) : window,
            rules.StringAt("selectPolicy") ?? "Max",
            declared is { Count: > 0 } ? declared : policies);
    }
}
