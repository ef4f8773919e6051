using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.NodeAgent.Node;

namespace Obs.NodeAgent.Hollow;

/// <summary>
/// What the fake runtime reports for a pod: init containers completed, every container running
/// and ready from the moment the pod arrived, a pod IP from the node's range. Pure.
/// </summary>
internal static class HollowPodStatus
{
    public const string ContainerIdScheme = "hollow://";

    /// <summary>Whether the pod already shows the status this runtime writes (so a sync has nothing to do).</summary>
    public static bool IsReported(JsonObject pod)
    {
        if (pod.StringAt("status", "phase") != "Running") return false;
        var containers = (pod.At("spec", "containers") as JsonArray)?.Count ?? 0;
        var statuses = (pod.At("status", "containerStatuses") as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        return statuses.Count == containers
            && statuses.All(s => s.StringAt("containerID")?.StartsWith(ContainerIdScheme, StringComparison.Ordinal) == true && s.BoolAt("ready") == true);
    }

    public static JsonObject Running(JsonObject pod, string hostIp, string podIp, DateTimeOffset now)
    {
        var uid = ObjectMeta.Uid(pod) ?? "";
        var time = NodeHeartbeat.Time(now);
        JsonObject Condition(string type) => new()
        {
            ["type"] = type,
            ["status"] = "True",
            ["lastProbeTime"] = null,
            ["lastTransitionTime"] = time,
        };
        JsonObject Container(JsonObject container, bool init)
        {
            var name = container.StringAt("name") ?? "";
            JsonObject state = init
                ? new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = 0, ["reason"] = "Completed", ["startedAt"] = time, ["finishedAt"] = time, ["containerID"] = ContainerIdScheme + uid + "/" + name } }
                : new JsonObject { ["running"] = new JsonObject { ["startedAt"] = time } };
            return new JsonObject
            {
                ["name"] = name,
                ["state"] = state,
                ["lastState"] = new JsonObject(),
                ["ready"] = true,
                ["restartCount"] = 0,
                ["image"] = container.StringAt("image") ?? "",
                ["imageID"] = "",
                ["containerID"] = ContainerIdScheme + uid + "/" + name,
                ["started"] = !init,
            };
        }
        var status = new JsonObject
        {
            ["phase"] = "Running",
            ["conditions"] = new JsonArray(Condition("PodReadyToStartContainers"), Condition("Initialized"), Condition("Ready"), Condition("ContainersReady"), Condition("PodScheduled")),
            ["hostIP"] = hostIp,
            ["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = hostIp }),
            ["podIP"] = podIp,
            ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = podIp }),
            ["startTime"] = pod.StringAt("status", "startTime") ?? time,
            ["containerStatuses"] = new JsonArray(Containers(pod, "containers").Select(c => (JsonNode)Container(c, false)).ToArray()),
        };
        var inits = Containers(pod, "initContainers");
        if (inits.Count > 0) status["initContainerStatuses"] = new JsonArray(inits.Select(c => (JsonNode)Container(c, true)).ToArray());
        if (pod.StringAt("status", "qosClass") is { } qos) status["qosClass"] = qos;
        return status;
    }

    private static List<JsonObject> Containers(JsonObject pod, string field) =>
        (pod.At("spec", field) as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
}
