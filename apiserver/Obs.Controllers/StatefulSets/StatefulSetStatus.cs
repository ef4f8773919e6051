using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Controllers.Pods;

namespace Obs.Controllers.StatefulSets;

/// <summary>The status a StatefulSet's pods add up to (updateStatefulSetStatus, completeRollingUpdate).</summary>
internal static class StatefulSetStatus
{
    public static JsonObject Calculate(JsonObject set, IReadOnlyList<JsonObject> pods, JsonObject current, JsonObject update,
        long collisionCount, long minReadySeconds, DateTimeOffset now)
    {
        var currentName = ObjectMeta.Name(current)!;
        var updateName = ObjectMeta.Name(update)!;
        long replicas = 0, ready = 0, available = 0, currentReplicas = 0, updated = 0;
        foreach (var pod in pods)
        {
            var live = !StatefulPods.IsTerminating(pod);
            if (live) replicas++;
            if (StatefulPods.IsRunningAndReady(pod))
            {
                ready++;
                if (PodState.IsAvailable(pod, minReadySeconds, now)) available++;
            }
            if (!live) continue;
            var revision = StatefulPods.Revision(pod);
            if (revision == currentName) currentReplicas++;
            if (revision == updateName) updated++;
        }
        // A rolling update is complete once every pod is updated and ready: the update revision becomes current.
        if (set.StringAt("spec", "updateStrategy", "type") != "OnDelete" && updated == replicas && ready == replicas)
        {
            currentName = updateName;
            currentReplicas = updated;
        }
        var status = new JsonObject
        {
            ["observedGeneration"] = ObjectMeta.Generation(set),
            ["replicas"] = replicas,
            ["readyReplicas"] = ready,
            ["currentReplicas"] = currentReplicas,
            ["updatedReplicas"] = updated,
            ["availableReplicas"] = available,
            ["currentRevision"] = currentName,
            ["updateRevision"] = updateName,
            ["collisionCount"] = collisionCount,
        };
        if (set.At("status", "conditions") is JsonArray conditions && conditions.Count > 0) status["conditions"] = conditions.DeepClone();
        return status;
    }
}
