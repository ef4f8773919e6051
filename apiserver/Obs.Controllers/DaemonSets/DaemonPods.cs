using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Controllers.Hosting;
using Obs.Controllers.Nodes;
using Obs.Controllers.Pods;
using Obs.Controllers.Revisions;

namespace Obs.Controllers.DaemonSets;

/// <summary>The pods a DaemonSet makes: its template, bound to one node through node affinity, with the daemon tolerations.</summary>
public static class DaemonPods
{
    /// <summary>
    /// What every daemon pod tolerates (AddOrUpdateDaemonPodTolerations): a node that is not ready,
    /// unreachable, under pressure or cordoned keeps and gets its daemons.
    /// </summary>
    public static readonly (string Key, string Effect)[] DaemonTolerations =
    [
        (WellKnownTaints.NotReady, WellKnownTaints.NoExecute),
        (WellKnownTaints.Unreachable, WellKnownTaints.NoExecute),
        (WellKnownTaints.DiskPressure, WellKnownTaints.NoSchedule),
        (WellKnownTaints.MemoryPressure, WellKnownTaints.NoSchedule),
        (WellKnownTaints.PidPressure, WellKnownTaints.NoSchedule),
        (WellKnownTaints.Unschedulable, WellKnownTaints.NoSchedule),
    ];

    /// <summary>The template's pod spec with the daemon tolerations added (host-network pods also tolerate network-unavailable).</summary>
    public static JsonObject SpecWithTolerations(JsonObject ds)
    {
        var spec = (JsonObject)(ds.At("spec", "template", "spec")?.DeepClone() ?? new JsonObject());
        var tolerations = spec["tolerations"] as JsonArray ?? [];
        var wanted = DaemonTolerations.ToList();
        if (spec.BoolAt("hostNetwork") == true) wanted.Add((WellKnownTaints.NetworkUnavailable, WellKnownTaints.NoSchedule));
        foreach (var (key, effect) in wanted)
        {
            var present = tolerations.OfType<JsonObject>().Any(t =>
                t.StringAt("key") == key && t.StringAt("operator") == "Exists" && t.StringAt("effect") == effect && t["tolerationSeconds"] is null);
            if (!present) tolerations.Add(new JsonObject { ["key"] = key, ["operator"] = "Exists", ["effect"] = effect });
        }
        spec["tolerations"] = tolerations;
        return spec;
    }

    /// <summary>
    /// A pod for <paramref name="node"/>: not bound directly but required (by matchFields on
    /// metadata.name) to land there, so the scheduler binds it and accounts for its resources.
    /// </summary>
    public static JsonObject NewPod(JsonObject ds, string node, string hash)
    {
        var template = ds.At("spec", "template") as JsonObject ?? new JsonObject();
        var labels = (JsonObject)(template.At("metadata", "labels")?.DeepClone() ?? new JsonObject());
        labels[RevisionData.PodRevisionLabel] = hash;
        var metadata = new JsonObject
        {
            ["generateName"] = ObjectMeta.Name(ds) + "-",
            ["namespace"] = ObjectMeta.Namespace(ds),
            ["labels"] = labels,
        };
        foreach (var field in new[] { "annotations", "finalizers" })
        {
            if (template.At("metadata", field) is { } value) metadata[field] = value.DeepClone();
        }
        metadata["ownerReferences"] = new JsonArray(OwnerReferences.ControllerRef(ResourceTypes.DaemonSet, ds));
        var spec = SpecWithTolerations(ds);
        var nodeAffinity = spec.Ensure("affinity", "nodeAffinity");
        // Every required term is replaced: the node already passed them, and the pod must go to this node alone.
        nodeAffinity["requiredDuringSchedulingIgnoredDuringExecution"] = new JsonObject
        {
            ["nodeSelectorTerms"] = new JsonArray(new JsonObject
            {
                ["matchFields"] = new JsonArray(new JsonObject
                {
                    ["key"] = "metadata.name",
                    ["operator"] = "In",
                    ["values"] = new JsonArray(node),
                }),
            }),
        };
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = metadata,
            ["spec"] = spec,
        };
    }

    /// <summary>The node a daemon pod runs on or is meant for (GetTargetNodeName): spec.nodeName, else its matchFields node.</summary>
    public static string TargetNode(JsonNode pod)
    {
        if (pod.StringAt("spec", "nodeName") is { Length: > 0 } bound) return bound;
        var terms = pod.At("spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms") as JsonArray ?? [];
        foreach (var field in terms.SelectMany(t => t?["matchFields"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (field.StringAt("key") == "metadata.name" && field.StringAt("operator") == "In" && field["values"] is JsonArray { Count: 1 } values)
                return values[0]?.GetValue<string>() ?? "";
        }
        return "";
    }

    public static bool IsUpdated(JsonNode pod, string hash) => ObjectMeta.Label(pod, RevisionData.PodRevisionLabel) == hash;

    /// <summary>Oldest first, then running before pending (podByCreationTimestampAndPhase).</summary>
    public static List<JsonObject> OldestFirst(IEnumerable<JsonObject> pods) =>
        [.. pods.OrderBy(p => PodState.Time(p.StringAt("metadata", "creationTimestamp")) ?? DateTimeOffset.MinValue)
            .ThenBy(p => p.StringAt("status", "phase") == "Running" ? 0 : 1)
            .ThenBy(p => ObjectMeta.Name(p), StringComparer.Ordinal)];
}
