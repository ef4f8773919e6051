using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Api.Defaults;

/// <summary>Defaults of the smaller groups: autoscaling/v2, discovery.k8s.io/v1, networking.k8s.io/v1, rbac.authorization.k8s.io/v1.</summary>
internal static class ClusterDefaults
{
    private const string RbacGroup = "rbac.authorization.k8s.io";

    public static void HorizontalPodAutoscaler(JsonObject obj)
    {
        var spec = obj.Ensure("spec");
        DefaultFields.Pointer(spec, "minReplicas", 1);
        if (spec["metrics"] is not JsonArray { Count: > 0 })
        {
            spec["metrics"] = new JsonArray(new JsonObject
            {
                ["type"] = "Resource",
                ["resource"] = new JsonObject
                {
                    ["name"] = "cpu",
                    ["target"] = new JsonObject { ["type"] = "Utilization", ["averageUtilization"] = DefaultFields.Number(80) },
                },
            });
        }
        // Behavior is filled in only when the user gave one; an HPA without it keeps the controller's built-in rules.
        if (DefaultFields.Child(spec, "behavior") is { } behavior)
        {
            behavior["scaleUp"] = ScalingRules(behavior["scaleUp"] as JsonObject, stabilizationWindowSeconds: 0,
                Policy("Pods", 4, 15), Policy("Percent", 100, 15));
            // Scale-down has no default window here: the controller's --horizontal-pod-autoscaler-downscale-stabilization applies.
            behavior["scaleDown"] = ScalingRules(behavior["scaleDown"] as JsonObject, stabilizationWindowSeconds: null,
                Policy("Percent", 100, 15));
        }
    }

    private static JsonObject Policy(string type, int value, int periodSeconds) =>
        new() { ["type"] = type, ["value"] = DefaultFields.Number(value), ["periodSeconds"] = DefaultFields.Number(periodSeconds) };

    private static JsonObject ScalingRules(JsonObject? given, int? stabilizationWindowSeconds, params JsonObject[] policies)
    {
        var rules = given ?? new JsonObject();
        if (stabilizationWindowSeconds is { } window) DefaultFields.Pointer(rules, "stabilizationWindowSeconds", window);
        DefaultFields.Pointer(rules, "selectPolicy", "Max");
        DefaultFields.Pointer(rules, "policies", new JsonArray(policies));
        return rules;
    }

    public static void EndpointSlice(JsonObject obj)
    {
        foreach (var port in DefaultFields.Items(obj, "ports"))
        {
            DefaultFields.Pointer(port, "name", "");
            DefaultFields.Pointer(port, "protocol", "TCP");
        }
    }

    public static void IngressClass(JsonObject obj)
    {
        if (obj.At("spec", "parameters") is JsonObject parameters) DefaultFields.Pointer(parameters, "scope", "Cluster");
    }

    public static void StorageClass(JsonObject obj)
    {
        DefaultFields.Pointer(obj, "reclaimPolicy", "Delete");
        DefaultFields.Pointer(obj, "volumeBindingMode", "Immediate");
    }

    public static void RoleBinding(JsonObject obj)
    {
        if (DefaultFields.Child(obj, "roleRef") is { } roleRef) DefaultFields.String(roleRef, "apiGroup", RbacGroup);
        foreach (var subject in DefaultFields.Items(obj, "subjects"))
        {
            if (!DefaultFields.IsUnsetString(subject, "apiGroup")) continue;
            switch (DefaultFields.Text(subject, "kind"))
            {
                // A ServiceAccount's group is the core group "", which the JSON form leaves out.
                case "User" or "Group": subject["apiGroup"] = RbacGroup; break;
            }
        }
    }
}
