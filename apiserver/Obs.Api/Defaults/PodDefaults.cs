using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Api.Defaults;

/// <summary>
/// Defaults a Pod gets that a pod template does not: SetDefaults_Pod (requests from limits, service
/// links, host-network ports) and what the default admission plugins add on create (ServiceAccount,
/// Priority, DefaultTolerationSeconds), since users see those in every pod.
/// </summary>
internal static class PodDefaults
{
    /// <summary>
    /// The priorities of the two built-in PriorityClasses, for pods defaulted without an apiserver (the node
    /// agent's static pods). The apiserver resolves every class, and the global default, before defaulting
    /// (its PriorityAdmission), so for pods it stores this only confirms what admission set.
    /// </summary>
    private static readonly Dictionary<string, long> BuiltInPriorities = new()
    {
        ["system-node-critical"] = 2000001000,
        ["system-cluster-critical"] = 2000000000,
    };

    /// <param name="tolerationSeconds">the apiserver's settings for the not-ready and unreachable tolerations it adds</param>
    public static void Apply(JsonObject pod, DefaultTolerationSeconds tolerationSeconds)
    {
        if (pod["spec"] is not JsonObject spec) return;

        foreach (var list in new[] { "containers", "initContainers" })
        {
            foreach (var container in DefaultFields.Items(spec, list)) RequestsFromLimits(container);
        }
        DefaultFields.Pointer(spec, "enableServiceLinks", true);
        if (spec["hostNetwork"] is JsonValue hostNetwork && hostNetwork.TryGetValue<bool>(out var isHostNetwork) && isHostNetwork)
        {
            foreach (var list in new[] { "containers", "initContainers" })
            {
                foreach (var container in DefaultFields.Items(spec, list))
                {
                    foreach (var port in DefaultFields.Items(container, "ports"))
                    {
                        if (DefaultFields.TryInteger(port["containerPort"], out var number))
                        {
                            DefaultFields.Integer(port, "hostPort", number);
                        }
                    }
                }
            }
        }

        PodSpecDefaults.Apply(spec);
        ApplyAdmission(spec, tolerationSeconds);

        // A new pod is Pending with its QoS class; the kubelet owns status from then on.
        var status = pod.Ensure("status");
        DefaultFields.String(status, "phase", "Pending");
        DefaultFields.String(status, "qosClass", PodQosClass.Of(spec));
    }

    /// <summary>A limit with no request means the request is the limit (for each resource on its own).</summary>
    private static void RequestsFromLimits(JsonObject container)
    {
        if (container.At("resources", "limits") is not JsonObject { Count: > 0 } limits) return;
        var resources = (JsonObject)container["resources"]!;
        if (resources["requests"] is not JsonObject requests)
        {
            requests = new JsonObject();
            resources["requests"] = requests;
        }
        foreach (var (name, value) in limits)
        {
            if (!requests.ContainsKey(name)) requests[name] = value?.DeepClone();
        }
    }

    private static void ApplyAdmission(JsonObject spec, DefaultTolerationSeconds tolerationSeconds)
    {
        if (DefaultFields.IsUnsetString(spec, "serviceAccountName"))
        {
            spec["serviceAccountName"] = "default";
            spec["serviceAccount"] = "default";
        }

        var priorityClass = DefaultFields.Text(spec, "priorityClassName");
        if (priorityClass.Length == 0 || BuiltInPriorities.ContainsKey(priorityClass))
        {
            DefaultFields.Pointer(spec, "priority", priorityClass.Length == 0 ? 0 : BuiltInPriorities[priorityClass]);
            DefaultFields.Pointer(spec, "preemptionPolicy", "PreemptLowerPriority");
        }

        AddTolerationSeconds(spec, WellKnownTaints.NotReady, tolerationSeconds.NotReady);
        AddTolerationSeconds(spec, WellKnownTaints.Unreachable, tolerationSeconds.Unreachable);
    }

    /// <summary>Tolerates the NoExecute taint for the given seconds unless the pod already tolerates it in some way.</summary>
    private static void AddTolerationSeconds(JsonObject spec, string taintKey, long seconds)
    {
        var tolerations = spec["tolerations"] as JsonArray;
        if (tolerations is not null)
        {
            foreach (var toleration in tolerations.OfType<JsonObject>())
            {
                var key = DefaultFields.Text(toleration, "key");
                var effect = DefaultFields.Text(toleration, "effect");
                var op = DefaultFields.Text(toleration, "operator");
                var matchesKey = key == taintKey || (key.Length == 0 && op == "Exists");
                if (matchesKey && (effect.Length == 0 || effect == WellKnownTaints.NoExecute)) return;
            }
        }
        else
        {
            tolerations = [];
            spec["tolerations"] = tolerations;
        }
        // As a JsonNode, for the plain Add(JsonNode?): Add<JsonObject> is the generic overload, marked as needing reflection.
        tolerations.Add((JsonNode)new JsonObject
        {
            ["key"] = taintKey,
            ["operator"] = "Exists",
            ["effect"] = WellKnownTaints.NoExecute,
            ["tolerationSeconds"] = DefaultFields.Number(seconds),
        });
    }
}
