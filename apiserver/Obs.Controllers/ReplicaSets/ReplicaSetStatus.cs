using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Controllers.Pods;

namespace Obs.Controllers.ReplicaSets;

/// <summary>The status a ReplicaSet's claimed pods add up to (calculateStatus).</summary>
internal static class ReplicaSetStatus
{
    public static JsonObject Calculate(JsonObject rs, IReadOnlyList<JsonObject> pods, long minReadySeconds, DateTimeOffset now, Exception? manageError)
    {
        var templateLabels = rs.At("spec", "template", "metadata", "labels").StringMap().ToList();
        var fullyLabeled = pods.Count(p => templateLabels.All(l => ObjectMeta.Label(p, l.Key) == l.Value));
        var ready = pods.Count(PodState.IsReady);
        var available = pods.Count(p => PodState.IsAvailable(p, minReadySeconds, now));
        var status = new JsonObject { ["replicas"] = pods.Count };
        if (fullyLabeled > 0) status["fullyLabeledReplicas"] = fullyLabeled;
        if (ready > 0) status["readyReplicas"] = ready;
        if (available > 0) status["availableReplicas"] = available;
        if (ObjectMeta.Generation(rs) is > 0 and var generation) status["observedGeneration"] = generation;

        var conditions = rs.At("status", "conditions") is JsonArray old
            ? old.OfType<JsonObject>().Where(c => c.StringAt("type") != "ReplicaFailure").Select(c => (JsonNode)c.DeepClone()).ToList()
            : [];
        if (manageError is not null)
        {
            var previous = rs.At("status", "conditions") is JsonArray existing
                ? existing.FirstOrDefault(c => c.StringAt("type") == "ReplicaFailure") : null;
            conditions.Add(new JsonObject
            {
                ["type"] = "ReplicaFailure",
                ["status"] = "True",
                ["lastTransitionTime"] = previous?.StringAt("lastTransitionTime") ?? PodState.Format(now),
                ["reason"] = "FailedCreate",
                ["message"] = manageError.Message,
            });
        }
        if (conditions.Count > 0) status["conditions"] = new JsonArray([.. conditions]);
        return status;
    }
}
